package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/verso-news/verso/cmd/verso/demo"
	"github.com/verso-news/verso/store"
)

// demoOpener reads the embedded corpus as if it were a folder "demo/".
func demoOpener() opener {
	return opener{
		walk: func(ctx context.Context, roots []string, fn func(string, error) error) error {
			return fs.WalkDir(demo.Files, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return fn("demo/"+p, err)
				}
				if d.IsDir() {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				return fn("demo/"+p, nil)
			})
		},
		read: func(ctx context.Context, p string) ([]byte, time.Time, error) {
			data, err := demo.Files.ReadFile(p[len("demo/"):])
			return data, time.Time{}, err // embedded files have no times
		},
	}
}

// cmdDemo imports the embedded corpus into a throwaway index (or the one
// --db names, to keep it) and opens the reader on it.
func cmdDemo(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) > 0 {
		return usagef("demo takes no arguments")
	}
	if g.db == "" {
		dir, err := os.MkdirTemp("", "verso-demo-")
		if err != nil {
			return fmt.Errorf("demo: make a temporary index: %w", err)
		}
		defer os.RemoveAll(dir)
		g.db = filepath.Join(dir, "demo.db")
	}
	return withNewStore(ctx, e, g, func(st *store.Store) error {
		quiet := *g
		quiet.quiet = true
		sum, err := importPaths(ctx, e, &quiet, st, []string{"demo"}, demoOpener())
		if err != nil {
			return fmt.Errorf("demo: import the embedded corpus: %w", err)
		}
		if sum.Failed > 0 {
			return fmt.Errorf("demo: %d embedded files failed to import", sum.Failed)
		}
		return openReader(ctx, e, g, st, true)
	})
}

// cmdOpen opens the reader on the user's index.
func cmdOpen(ctx context.Context, e env, g *globalFlags, _ []string) error {
	// The reader shows an empty index how to fill it, so it makes one.
	return withNewStore(ctx, e, g, func(st *store.Store) error {
		return openReader(ctx, e, g, st, false)
	})
}
