//go:build unix

package newstest

import (
	"syscall"
	"time"
)

// CPUTime returns the user and system CPU time this process has used, so
// that benchmarks can report cost per article apart from how busy the
// shared machine is.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
