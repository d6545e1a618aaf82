//go:build unix

package feeds

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used (user + system), so
// benchmarks can report cost per article independent of how busy the shared
// machine is.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
