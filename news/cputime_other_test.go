//go:build !unix

package news

// cpuNanos is unavailable here; benchmarks then report 0 CPU time.
func cpuNanos() int64 { return 0 }
