// Package newstest finds the shared test data (../shared/data beside the
// checkout) for tests that measure verso on real articles, and skips those
// tests cleanly on a fresh clone where it is absent.
package newstest

import (
	"os"
	"path/filepath"
	"testing"
)

// DataDir returns the path of the shared data set sub (for example "seeds"),
// or skips the test when it cannot be found. VERSO_SHARED_DATA overrides the
// search; otherwise it looks for shared/data in each parent of the working
// directory.
func DataDir(tb testing.TB, sub string) string {
	tb.Helper()
	if dir := Find(sub); dir != "" {
		return dir
	}
	tb.Skipf("shared test data %q not found (set VERSO_SHARED_DATA); skipping", sub)
	return ""
}

// Find is DataDir without a test: it returns "" when the data set is absent.
func Find(sub string) string {
	if root := os.Getenv("VERSO_SHARED_DATA"); root != "" {
		if dir := filepath.Join(root, sub); exists(dir) {
			return dir
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if cand := filepath.Join(dir, "shared", "data", sub); exists(cand) {
			return cand
		}
		if cand := filepath.Join(dir, "..", "shared", "data", sub); exists(cand) {
			return filepath.Clean(cand)
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
