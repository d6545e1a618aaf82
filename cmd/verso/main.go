// Command verso is a terminal news reader: it imports stored articles into a
// local index, lists and searches them, and shows the versions of a story
// side by side. With no arguments it opens the reader on the index.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/verso-news/verso/ui/diffview"
)

// Exit codes: scripts tell a partial import from a usage mistake.
const (
	exitOK      = 0
	exitFailure = 1 // some inputs failed; the rest was done
	exitUsage   = 2 // bad flags, arguments or query
)

// usageError marks errors that exit with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// partialError marks a command that did its work but met failures it
// already reported; it exits with exitFailure and prints nothing more.
type partialError struct{ failed int }

func (e partialError) Error() string { return fmt.Sprintf("%d inputs failed", e.failed) }

// env is what every command needs from the process, passed explicitly so
// commands stay testable and free of global state.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// stdoutTTY and stderrTTY say whether colour and progress make sense.
	stdoutTTY, stderrTTY bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		stdoutTTY: term.IsTerminal(os.Stdout.Fd()),
		stderrTTY: term.IsTerminal(os.Stderr.Fd()),
	}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, e env, g *globalFlags, args []string) error
	// flags are the command's own flags, beside the global ones; any
	// other of verso's flags is refused rather than silently ignored.
	flags []string
}

func commands() []command {
	return []command{
		{"import", "PATH...", "import files and folders (text, HTML, feeds, JSON, JSONL) into the index", cmdImport, []string{"quiet", "file-dates"}},
		{"extract", "FILE", "parse and analyse one file and print the article; stores nothing", cmdExtract, nil},
		{"list", "[QUERY]", "list articles, newest first", cmdList, []string{"limit"}},
		{"search", "QUERY", "search articles, best first, with highlighted snippets", cmdSearch, []string{"limit"}},
		{"show", "ID", "show one article (an id prefix is enough)", cmdShow, nil},
		{"versions", "ID", "list the versions of an article's story in time order", cmdVersions, nil},
		{"diff", "A B", "show what changed between two versions, side by side", cmdDiff, []string{"unified", "width", "context"}},
		{"topics", "", "list topics with their kind and article count", cmdTopics, []string{"limit"}},
		{"entities", "", "list named entities with counts", cmdEntities, []string{"limit"}},
		{"stats", "", "count articles by kind, site and month", cmdStats, nil},
		{"reindex", "", "re-analyse every stored article (after an upgrade)", cmdReindex, nil},
		{"feeds", "add URL...|list|remove URL...|import FILE.opml|export", "manage feed subscriptions (export writes OPML)", cmdFeeds, nil},
		{"fetch", "[URL...]", "fetch subscribed feeds: new items, and changed items as new versions", cmdFetch, []string{"quiet", "timeout"}},
		{"demo", "", "open the reader on the embedded demo corpus", cmdDemo, nil},
	}
}

// globalFlagNames are accepted by every command.
var globalFlagNames = []string{"db", "json", "config"}

// flagLines describes each flag for help.
var flagLines = map[string]string{
	"db":         "--db PATH      index to use (default $VERSO_DB, else $XDG_DATA_HOME/verso/verso.db)",
	"json":       "--json         machine-readable output (JSON, or JSON Lines for lists)",
	"config":     "--config PATH  config file (default $XDG_CONFIG_HOME/verso/config.toml)",
	"limit":      "--limit N      at most N results (default 50)",
	"unified":    "--unified      one column instead of side by side",
	"width":      "--width N      render for N columns, at least 20 (default: terminal width or 120)",
	"context":    "--context N    show only changes and N unchanged paragraphs around each",
	"quiet":      "--quiet        no progress line",
	"timeout":    "--timeout D    time limit per feed (default 30s; e.g. 10s, 1m)",
	"file-dates": "--file-dates   date undated articles by their file's modification time",
}

// queryHelp summarises the query language for help texts.
const queryHelp = `Query language: words (all must match), a OR b, "phrases", -word, prefix*, title:
by: site: entity: said: quote: topic: after: before: on: is:read is:unread
is:starred has:versions (see the README for each)
`

// globalFlags are accepted by every command; each command reads only the
// ones it needs, so one parser serves all of them.
type globalFlags struct {
	db      string
	json    bool
	limit   int
	config  string
	unified bool          // diff
	width   int           // diff
	context int           // diff: unchanged paragraphs kept around changes
	quiet   bool          // import, fetch: no progress
	timeout time.Duration // fetch: per-feed time limit (0: feeds.DefaultTimeout)
	// fileDates (import): an article whose text states no date takes its
	// file's modification time, marked date_source "file".
	fileDates bool
}

func run(ctx context.Context, e env, args []string) int {
	err := dispatch(ctx, e, args)
	if err == nil {
		return exitOK
	}
	var pe partialError
	if errors.As(err, &pe) {
		return exitFailure
	}
	fmt.Fprintln(e.stderr, "verso:", err)
	var ue usageError
	if errors.As(err, &ue) || isQueryError(err) {
		if errors.As(err, &ue) {
			fmt.Fprintln(e.stderr, "Run 'verso help' for usage.")
		}
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		return 130
	}
	return exitFailure
}

func dispatch(ctx context.Context, e env, args []string) error {
	name, args := splitCommand(args)
	switch name {
	case "help", "-h", "-help", "--help":
		// Flags around help (`verso --db x help list`) do not matter.
		var topics []string
		for i := 0; i < len(args); i++ {
			a := args[i]
			if !strings.HasPrefix(a, "-") {
				topics = append(topics, a)
			} else if name := strings.TrimLeft(a, "-"); valueFlags[name] {
				i++ // its value
			}
		}
		if len(topics) > 0 {
			return commandHelp(e, topics[0])
		}
		printUsage(e.stdout)
		return nil
	case "version", "--version":
		fmt.Fprintln(e.stdout, "verso", version())
		return nil
	}
	for _, c := range commands() {
		if c.name == name || (name == "" && c.name == "") {
			g, rest, err := parseFlags(c.name, args, c.flags...)
			if errors.Is(err, errHelp) {
				return commandHelp(e, c.name)
			}
			if err != nil {
				return err
			}
			return c.run(ctx, e, g, rest)
		}
	}
	if name == "" {
		g, rest, err := parseFlags("verso", args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		return cmdOpen(ctx, e, g, rest)
	}
	return usagef("unknown command %q", name)
}

// flagHelp lists the global flags and then each command's own.
func flagHelp() string {
	var sb strings.Builder
	sb.WriteString("Flags (before or after arguments):\n")
	for _, f := range globalFlagNames {
		sb.WriteString("  " + flagLines[f] + "\n")
	}
	var order []string
	users := map[string][]string{}
	for _, c := range commands() {
		for _, f := range c.flags {
			if users[f] == nil {
				order = append(order, f)
			}
			users[f] = append(users[f], c.name)
		}
	}
	for _, f := range order {
		fmt.Fprintf(&sb, "  %s (%s)\n", flagLines[f], strings.Join(users[f], ", "))
	}
	return sb.String()
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "verso — a terminal news reader with versions, quotes and entities\n\nUsage:\n  verso                 open the reader on your index\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  verso %-15s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintf(w, "\n%s\n%s\nRun 'verso help COMMAND' for one command.\n", flagHelp(), queryHelp)
}

// parseFlags parses flags wherever they appear among the arguments
// (`verso search lavrov --json` as well as `verso search --json lavrov`).
// Only verso's own flag names count as flags, so query terms such as
// `-biden` stay arguments; `--` ends the flags.
func parseFlags(name string, args []string, own ...string) (*globalFlags, []string, error) {
	p := &globalFlags{limit: 50}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&p.db, "db", "", "")
	fs.BoolVar(&p.json, "json", false, "")
	fs.IntVar(&p.limit, "limit", 50, "")
	fs.StringVar(&p.config, "config", "", "")
	fs.BoolVar(&p.unified, "unified", false, "")
	fs.IntVar(&p.width, "width", 0, "")
	fs.IntVar(&p.context, "context", 0, "")
	fs.BoolVar(&p.quiet, "quiet", false, "")
	fs.DurationVar(&p.timeout, "timeout", 0, "")
	fs.BoolVar(&p.fileDates, "file-dates", false, "")
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return nil, nil, errHelp
		}
		fname, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "--") && len(fname) > 0 && fs.Lookup(fname) == nil {
			// One dash is a query exclusion (-biden); two dashes are
			// always meant as a flag, so a mistyped one is an error, not
			// a search term.
			return nil, nil, usagef("%s: unknown flag %s%s (see verso help %s)", name, a, suggestFlag(fname), name)
		}
		if !strings.HasPrefix(a, "-") || fs.Lookup(fname) == nil {
			rest = append(rest, a)
			continue
		}
		if !slices.Contains(globalFlagNames, fname) && !slices.Contains(own, fname) {
			if !strings.HasPrefix(a, "--") {
				// Another command's flag with one dash is a word to
				// exclude here: verso search talks -context.
				rest = append(rest, a)
				continue
			}
			return nil, nil, usagef("%s: %s is not a flag of %s (see verso help %s)", name, a, name, name)
		}
		flags = append(flags, a)
		if valueFlags[fname] && !hasValue {
			if i+1 >= len(args) {
				return nil, nil, usagef("%s: flag %s needs a value", name, a)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		// flag's own wording ('invalid value "abc" for flag -limit: parse
		// error') names neither the double-dash form nor what is wanted.
		if m := badFlagValue.FindStringSubmatch(err.Error()); m != nil {
			want := "a whole number"
			if m[2] == "timeout" {
				want = "a duration such as 10s or 1m"
			}
			return nil, nil, usagef("%s: --%s %q is not %s", name, m[2], m[1], want)
		}
		return nil, nil, usagef("%s: %v", name, err)
	}
	if p.limit <= 0 {
		return nil, nil, usagef("%s: --limit must be positive", name)
	}
	if p.timeout < 0 {
		return nil, nil, usagef("%s: --timeout must be positive", name)
	}
	if p.context < 0 {
		return nil, nil, usagef("%s: --context must be 0 or more", name)
	}
	// An explicit width below what the diff view draws would be silently
	// widened; 0, the default, means the terminal's width.
	var widthErr error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "width" && p.width < diffview.MinWidth {
			widthErr = usagef("%s: --width must be at least %d", name, diffview.MinWidth)
		}
	})
	if widthErr != nil {
		return nil, nil, widthErr
	}
	return p, rest, nil
}

// commandHelp prints one command's usage.
func commandHelp(e env, name string) error {
	for _, c := range commands() {
		if c.name == name && name != "" {
			fmt.Fprintf(e.stdout, "usage: verso %s [flags]\n\n%s\n\nFlags (before or after arguments):\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
			for _, f := range append(slices.Clone(globalFlagNames), c.flags...) {
				fmt.Fprintf(e.stdout, "  %s\n", flagLines[f])
			}
			if c.name == "list" || c.name == "search" {
				fmt.Fprintf(e.stdout, "\n%s", queryHelp)
			}
			return nil
		}
	}
	return usagef("unknown command %q", name)
}

var badFlagValue = regexp.MustCompile(`^invalid value "(.*)" for flag -(\S+):`)

// errHelp is what parseFlags returns for -h or --help among a command's
// arguments.
var errHelp = errors.New("help requested")

// splitCommand finds the command name among the arguments, so global flags
// may come first (`verso --db x.db list`).
func splitCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return "", args
		}
		if !strings.HasPrefix(a, "-") || !knownFlag(a) {
			rest := append(append([]string{}, args[:i]...), args[i+1:]...)
			return a, rest
		}
		if name := strings.TrimLeft(a, "-"); !strings.Contains(name, "=") && valueFlags[name] {
			i++ // skip the flag's value
		}
	}
	return "", args
}

// suggestFlag names the known flag closest to a mistyped one, if any is
// close: ", did you mean --json?".
func suggestFlag(name string) string {
	best, bestD := "", 3
	for _, m := range []map[string]bool{boolFlags, valueFlags} {
		for f := range m {
			if d := editDistance(name, f); d < bestD || (d == bestD && f < best && best != "") {
				best, bestD = f, d
			}
		}
	}
	if best == "" {
		return ""
	}
	return ", did you mean --" + best + "?"
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func knownFlag(a string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return valueFlags[name] || boolFlags[name]
}

// boolFlags are the flags that take no value.
var boolFlags = map[string]bool{"json": true, "unified": true, "quiet": true, "file-dates": true}

// valueFlags are the flags that take a separate value argument.
var valueFlags = map[string]bool{"db": true, "limit": true, "config": true, "width": true, "context": true, "timeout": true}

// dbPath resolves the index location: --db, then VERSO_DB, then the XDG
// data directory.
func dbPath(e env, g *globalFlags) (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	if p := e.getenv("VERSO_DB"); p != "" {
		return p, nil
	}
	base := e.getenv("XDG_DATA_HOME")
	if base == "" {
		home := e.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the index: no --db, VERSO_DB, XDG_DATA_HOME or home directory: %w", err)
			}
			home = h
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "verso", "verso.db"), nil
}

// configPath resolves the config file: --config, then the XDG config dir.
func configPath(e env, g *globalFlags) string {
	if g.config != "" {
		return g.config
	}
	base := e.getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := e.getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "verso", "config.toml")
}

func version() string { return "0.1.0-dev" }
