//go:build !unix

package feeds

import "io/fs"

// fileKey identifies a directory across paths; without inode numbers only
// the ancestor check in Walk guards against loops.
type fileKey struct{}

func keyOf(fs.FileInfo) (fileKey, bool) { return fileKey{}, false }
