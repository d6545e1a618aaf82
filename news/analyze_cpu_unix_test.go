//go:build unix

package news_test

import "syscall"

// processCPU returns user+system CPU time of the process, so that
// BenchmarkAnalyze can report CPU per article, which does not grow when the
// shared machine is busy the way wall time does.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
