package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DefaultMaxBytes is the size limit ReadFile applies when given 0: larger
// than any article or ordinary archive file, small enough that a stray disk
// image or video is refused before it is read into memory.
const DefaultMaxBytes = 32 << 20

// ReadFile reads one input file, refusing anything that is not a regular
// file (directories, FIFOs, devices: reading a FIFO would block forever) and
// anything larger than maxBytes (0 means DefaultMaxBytes). Errors are *Error
// values, "path: reason", with the reason in plain words.
func ReadFile(ctx context.Context, path string, maxBytes int64) ([]byte, error) {
	data, _, err := ReadFileInfo(ctx, path, maxBytes)
	return data, err
}

// ReadFileInfo is ReadFile that also returns the file's information as
// read from the open file, so that a caller needing its modification time
// does not stat it again.
func ReadFileInfo(ctx context.Context, path string, maxBytes int64) ([]byte, fs.FileInfo, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fileError(path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, fileError(path, osReason(err))
	}
	if err := checkRegular(fi, maxBytes); err != nil {
		return nil, nil, fileError(path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fileError(path, osReason(err))
	}
	defer f.Close()
	// The file may have been swapped for something else since Stat.
	if fi, err = f.Stat(); err != nil {
		return nil, nil, fileError(path, osReason(err))
	}
	if err := checkRegular(fi, maxBytes); err != nil {
		return nil, nil, fileError(path, err)
	}
	buf := make([]byte, 0, fi.Size()+1)
	r := io.LimitReader(&ctxReader{ctx: ctx, r: f}, maxBytes+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fileError(path, osReason(err))
		}
	}
	if int64(len(buf)) > maxBytes {
		// The file grew after Stat; its real size is unknown.
		return nil, nil, fileError(path, fmt.Errorf("file too large: grew past the limit while being read (limit %d bytes)", maxBytes))
	}
	return buf, fi, nil
}

func checkRegular(fi fs.FileInfo, maxBytes int64) error {
	switch m := fi.Mode(); {
	case m.IsDir():
		return errors.New("is a directory")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("not a regular file (named pipe)")
	case m&fs.ModeSocket != 0:
		return errors.New("not a regular file (socket)")
	case m&fs.ModeDevice != 0:
		return errors.New("not a regular file (device)")
	case !m.IsRegular():
		return errors.New("not a regular file")
	}
	if fi.Size() > maxBytes {
		return tooLarge(fi.Size(), maxBytes)
	}
	return nil
}

func tooLarge(size, limit int64) error {
	const mb = 1 << 20
	lim := fmt.Sprintf("%.1f MB", float64(limit)/mb)
	if limit%mb == 0 {
		lim = fmt.Sprintf("%d MB", limit/mb)
	}
	return fmt.Errorf("file too large: %.1f MB (limit %s)", float64(size)/mb, lim)
}

// ctxReader stops a long read when the context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// osReason strips the path an os error repeats, keeping the plain reason
// ("permission denied", "no such file or directory").
func osReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, syscall.ELOOP) {
			return errors.New("symlink loop (too many levels of symbolic links)")
		}
		return pe.Err
	}
	return err
}

// Walk calls fn for every regular file under roots, in a deterministic order
// (roots as given, directory entries sorted by name). Symlinks are followed;
// a symlink that leads back into a directory being walked is reported once
// as a loop and not followed, and a directory reached a second time by
// another link is not walked twice. Hidden files and directories (names
// starting with ".") are skipped unless given as roots. Anything that cannot
// be read (a root that does not exist, a directory without permission, a
// dangling link) is passed to fn with a non-nil *Error and the walk goes on;
// fn returns a non-nil error to stop the walk, and Walk returns it.
func Walk(ctx context.Context, roots []string, fn func(path string, err error) error) error {
	w := &walker{ctx: ctx, fn: fn, seen: make(map[fileKey]bool)}
	for _, root := range roots {
		if err := w.visit(root, true, nil); err != nil {
			return err
		}
	}
	return nil
}

type walker struct {
	ctx  context.Context
	fn   func(string, error) error
	seen map[fileKey]bool
}

// visit handles one path; ancestors are the directories on the way down,
// for loop detection.
func (w *walker) visit(path string, isRoot bool, ancestors []fs.FileInfo) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if !isRoot && strings.HasPrefix(filepath.Base(path), ".") {
		return nil
	}
	fi, err := os.Stat(path) // follows symlinks
	if err != nil {
		reason := osReason(err)
		if lfi, lerr := os.Lstat(path); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 && errors.Is(err, fs.ErrNotExist) {
			reason = errors.New("dangling symlink")
		}
		return w.fn(path, fileError(path, reason))
	}
	if !fi.IsDir() {
		if !fi.Mode().IsRegular() {
			return w.fn(path, fileError(path, checkRegular(fi, 1<<62)))
		}
		return w.fn(path, nil)
	}
	for _, a := range ancestors {
		if os.SameFile(a, fi) {
			return w.fn(path, fileError(path, errors.New("symlink loop (leads back to a parent directory), not followed")))
		}
	}
	if k, ok := keyOf(fi); ok {
		if w.seen[k] {
			return nil
		}
		w.seen[k] = true
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		if len(entries) == 0 {
			return w.fn(path, fileError(path, osReason(err)))
		}
		// Some entries were read: report the error and walk what we have.
		if ferr := w.fn(path, fileError(path, osReason(err))); ferr != nil {
			return ferr
		}
	}
	ancestors = append(ancestors, fi)
	for _, e := range entries {
		if err := w.visit(filepath.Join(path, e.Name()), false, ancestors); err != nil {
			return err
		}
	}
	return nil
}
