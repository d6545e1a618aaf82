//go:build unix

package news

import "syscall"

// cpuNanos returns the process's user and system CPU time, so benchmarks
// can report CPU per operation that does not grow when the shared machine
// is loaded.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
