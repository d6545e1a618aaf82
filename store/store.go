// Package store is verso's SQLite index: schema and migrations, incremental
// import with story assignment, FTS5 search with the query language, keyset
// paging, and reading state (read, starred). It is the only package that
// speaks SQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, FTS5 built in)
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when no article has the given id or id prefix.
var ErrNotFound = errors.New("not found")

// ErrAmbiguous is returned when an id prefix matches more than one article.
var ErrAmbiguous = errors.New("several articles start with this id; give more of it")

// Store is an open index. It keeps two connection pools on one file: a
// single writer (imports, state changes) and several readers, so the TUI can
// read while an import writes (WAL lets readers see the last commit).
type Store struct {
	path string
	w    *sql.DB
	r    *sql.DB
	// recentBands is how many band keys wait in band_log before a merge
	// (see mergeBands); tests lower it.
	recentBands int64
	// batchSize is how many articles one import transaction holds
	// (DefaultBatchSize; tests lower it), and txHold how long
	// ImportPrepared keeps one open while its producer has nothing ready
	// (maxTxHold).
	batchSize int
	txHold    time.Duration
	// flushEvery is how many new articles an import transaction gathers
	// before it writes their search and derived rows (defaultFlushEvery;
	// tests lower it).
	flushEvery int
	known      *sql.Stmt // Known's query, on the readers
	// importMu makes import batches of this Store take turns from begin
	// to the update of bands after commit: the writer connection alone
	// would let a second batch begin between another's commit and that
	// update, and read the log twice.
	importMu sync.Mutex
	// bands holds band_log in memory for imports (bandlog.go).
	bands *bandIndex
	// ckpt checkpoints the WAL beside imports, and walRestart is the size
	// in pages at which an import makes the WAL start over
	// (checkpoint.go; tests lower it).
	ckpt       *checkpointer
	walRestart int
}

// Open opens (creating if needed) the index at path, creating parent
// directories and applying any pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open index: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
	}
	// synchronous=NORMAL is safe in WAL mode: a crash may lose the last
	// commits, never consistency. The writer gets a larger page cache for
	// imports; readers a small one each, to keep a 1M-article index light.
	common := "_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)"
	fileURL := "file:" + (&url.URL{Path: path}).EscapedPath()
	// page_size only takes effect on a new file (rows of 3-8 KB waste
	// less in 8 KB pages); checkpoints every 32 MB of WAL rather than 4 MB
	// copy each hot FTS and index page once per several batches. The
	// writer does not enforce foreign keys: the store is their only
	// writer, enforcing them cost two B-tree lookups for each of the
	// 30-50 derived rows of every imported article, and the consistency
	// tests run PRAGMA foreign_key_check after every kind of write.
	// Statement journals (multi-row inserts) stay in memory rather than
	// spilling to temporary files.
	w, err := sql.Open("sqlite", fileURL+"?_pragma=page_size(8192)&"+common+
		"&_pragma=foreign_keys(0)&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint("+strconv.Itoa(defaultWALRestart)+")&_pragma=journal_size_limit(67108864)"+
		"&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s := &Store{path: path, w: w, recentBands: defaultRecentBands, batchSize: DefaultBatchSize, txHold: maxTxHold, flushEvery: defaultFlushEvery, bands: &bandIndex{},
		walRestart: defaultWALRestart}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", fileURL+"?"+common+"&_pragma=cache_size(-16000)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	n := max(2, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	ck, err := sql.Open("sqlite", fileURL+"?"+common)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	s.ckpt = &checkpointer{db: ck}
	// Known runs once per imported file: preparing it once saves parsing
	// the statement thousands of times.
	if s.known, err = r.PrepareContext(ctx, "SELECT 1 FROM files WHERE path = ? AND content_hash = ?"); err != nil {
		s.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return s, nil
}

// Path returns the file the index lives in.
func (s *Store) Path() string { return s.path }

// Close closes the readers, the checkpoint connection and the writer, which
// checkpoints the WAL.
func (s *Store) Close() error {
	var errs []error
	if s.known != nil {
		errs = append(errs, s.known.Close())
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.ckpt != nil {
		// Before the writer: the last connection to close checkpoints
		// the WAL and removes it.
		s.ckpt.wait()
		errs = append(errs, s.ckpt.db.Close())
	}
	if s.w != nil {
		_, _ = s.w.Exec("PRAGMA optimize")
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close index %s: %w", s.path, err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must start with its number and _", name)
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies every embedded migration newer than PRAGMA user_version,
// each in its own transaction together with the version bump.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var cur int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if len(ms) > 0 && cur > ms[len(ms)-1].version {
		return fmt.Errorf("index schema version %d is newer than this verso understands (%d)", cur, ms[len(ms)-1].version)
	}
	for _, m := range ms {
		if m.version <= cur {
			continue
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}
