//go:build !unix

package news_test

// processCPU is unavailable here; BenchmarkAnalyze then reports 0.
func processCPU() int64 { return 0 }
