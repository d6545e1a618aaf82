package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// defaultWALRestart is how many WAL pages (32 MB of 8 KB pages) an import
// lets build up before the writer makes the log start over: the writer's
// wal_autocheckpoint outside imports.
const defaultWALRestart = 4096

// checkpointer copies committed WAL frames into the database file on a
// connection of its own while an import goes on writing. The writer's own
// automatic checkpoints stop it at a commit every 32 MB to copy the frames
// and wait for fsync, and the whole import (the parsing workers feed the
// writer) waits with it; the copying happens once either way.
type checkpointer struct {
	db *sql.DB // one connection, for checkpoints only
	mu sync.Mutex
	// done is closed when the running checkpoint ends (nil: none runs).
	done chan struct{}
	// frames is the number of frames in the WAL at the last checkpoint.
	frames int
	// bulk counts the imports running; the writer's automatic
	// checkpoints are off while there are any. bulkMu orders the changes
	// of the count with the statements that switch them (not mu: those
	// wait for the writer's connection, whose batch may need mu).
	bulkMu sync.Mutex
	bulk   int
}

// start runs a passive checkpoint in the background unless one is running.
func (c *checkpointer) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return
	}
	done := make(chan struct{})
	c.done = done
	go func() {
		defer close(done)
		var busy, frames, copied int
		// PASSIVE never waits for readers or the writer: it copies what it
		// can. A failure costs nothing but a larger WAL, which the writer's
		// own checkpoint (restartWAL) or Close deals with.
		err := c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
		c.mu.Lock()
		if err == nil && busy == 0 && frames >= 0 {
			c.frames = frames
		}
		c.done = nil
		c.mu.Unlock()
	}()
}

// wait waits for the running checkpoint, if any.
func (c *checkpointer) wait() {
	c.mu.Lock()
	done := c.done
	c.mu.Unlock()
	if done != nil {
		<-done
	}
}

// beginBulk turns the writer's automatic checkpoints off for an import;
// the returned function turns them back on and starts a checkpoint of
// what the import wrote.
func (s *Store) beginBulk(ctx context.Context) (end func(), err error) {
	c := s.ckpt
	c.bulkMu.Lock()
	defer c.bulkMu.Unlock()
	if c.bulk == 0 {
		if _, err := s.w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
			return nil, fmt.Errorf("bulk import: %w", err)
		}
	}
	c.bulk++
	return func() {
		c.bulkMu.Lock()
		c.bulk--
		if c.bulk == 0 {
			// Outside an import the writer checkpoints as before; if this
			// fails, the WAL only grows until Close checkpoints it.
			_, _ = s.w.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", defaultWALRestart))
		}
		c.bulkMu.Unlock()
		c.start()
	}, nil
}

// restartWAL lets the WAL start over once it has grown past s.walRestart
// pages: the writer copies what the background checkpoints have not (the
// last batch or so) before its next transaction, which then writes from
// the start of the log. Background checkpoints alone never catch up with
// a writer that begins its next transaction at once.
func (s *Store) restartWAL(ctx context.Context) error {
	c := s.ckpt
	c.mu.Lock()
	grown := c.frames >= s.walRestart
	c.mu.Unlock()
	if !grown {
		return nil
	}
	c.wait()
	var busy, frames, copied int
	// Like SQLite's own automatic checkpoints, a failed one does not fail
	// the import: the WAL grows until a later checkpoint or Close.
	err := s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
	if err == nil && busy == 0 {
		c.mu.Lock()
		c.frames = 0
		c.mu.Unlock()
	}
	return ctx.Err()
}
