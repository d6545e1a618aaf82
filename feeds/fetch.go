package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fetch defaults. A fetch of one feed is bounded in time (connection,
// headers and body together), in size (the body, after gzip is undone, so
// a compressed bomb is cut off too) and in redirects.
const (
	DefaultTimeout   = 30 * time.Second
	DefaultPerHost   = 2 // requests in flight to one host
	DefaultWorkers   = 8 // requests in flight in all
	DefaultRedirects = 5
)

// UserAgent names verso to the servers it fetches from.
const UserAgent = "verso/0.1 (terminal news reader; +https://github.com/verso-news/verso)"

// acceptFeeds asks for feed formats first, anything else after.
const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

// Request is one feed to fetch, with the validators of the last successful
// fetch for a conditional GET (empty for the first).
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
}

// Response is what one fetch got. Err is set when it failed (an *Error
// whose Path is the URL and whose Reason is one line); otherwise either
// NotModified is set (304: nothing new) or Body holds the document.
type Response struct {
	URL          string // as requested
	Status       int    // HTTP status, 0 when no answer came
	NotModified  bool
	ETag         string
	LastModified string
	Body         []byte
	Err          error
}

// Fetcher fetches feeds over HTTP(S). The zero value uses the defaults;
// set fields before the first fetch and do not change them afterwards.
type Fetcher struct {
	// Timeout bounds each fetch: connecting, waiting for the answer and
	// reading the body. 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes bounds a body; larger ones fail. 0 means DefaultMaxBytes
	// (32 MB, the import file limit).
	MaxBytes int64
	// PerHost bounds the requests in flight to one host name, Workers
	// those in flight in all. 0 means DefaultPerHost, DefaultWorkers.
	PerHost, Workers int
	// MaxRedirects is how many redirects one fetch follows. 0 means
	// DefaultRedirects.
	MaxRedirects int
	// Transport, when set, replaces the HTTP transport (tests).
	Transport http.RoundTripper

	once   sync.Once
	client *http.Client
}

func (f *Fetcher) timeout() time.Duration { return orDefault(f.Timeout, DefaultTimeout) }
func (f *Fetcher) maxBytes() int64        { return orDefault(f.MaxBytes, DefaultMaxBytes) }
func (f *Fetcher) perHost() int           { return orDefault(f.PerHost, DefaultPerHost) }
func (f *Fetcher) workers() int           { return orDefault(f.Workers, DefaultWorkers) }
func (f *Fetcher) redirects() int         { return orDefault(f.MaxRedirects, DefaultRedirects) }
func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

func (f *Fetcher) httpClient() *http.Client {
	f.once.Do(func() {
		rt := f.Transport
		if rt == nil {
			dialer := &net.Dialer{Timeout: min(10*time.Second, f.timeout()), KeepAlive: 30 * time.Second}
			rt = &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           dialer.DialContext,
				ForceAttemptHTTP2:     true,
				MaxIdleConns:          f.workers() * 2,
				MaxIdleConnsPerHost:   f.perHost(),
				MaxConnsPerHost:       f.perHost(),
				IdleConnTimeout:       60 * time.Second,
				TLSHandshakeTimeout:   min(10*time.Second, f.timeout()),
				ResponseHeaderTimeout: f.timeout(),
				ExpectContinueTimeout: time.Second,
			}
		}
		max := f.redirects()
		f.client = &http.Client{
			Transport: rt,
			Timeout:   f.timeout(),
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > max {
					return fmt.Errorf("stopped after %d redirects (last to %s)", max, req.URL.Redacted())
				}
				if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
					return fmt.Errorf("redirected to a %s: URL (only http and https are fetched)", req.URL.Scheme)
				}
				return nil
			},
		}
	})
	return f.client
}

// NormalizeURL checks that raw is an absolute http or https URL and returns
// it with the scheme and host in lower case and without a fragment (a
// fragment never reaches the server; verso uses "#" to name a feed's items).
//
// Its errors do not repeat raw: callers name the URL beside the reason.
func NormalizeURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL it quotes
		}
		return "", fmt.Errorf("not a URL: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return "", errors.New("not an absolute URL (want http:// or https://)")
		}
		return "", fmt.Errorf("only http and https URLs can be fetched, not %s:", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", errors.New("no host")
	}
	if u.User != nil {
		return "", errors.New("credentials in a feed URL are not supported")
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// Fetch gets one feed with a conditional GET. It never returns a body
// larger than MaxBytes, and it follows at most MaxRedirects redirects, to
// http and https URLs only.
func (f *Fetcher) Fetch(ctx context.Context, r Request) Response {
	res := Response{URL: r.URL}
	fail := func(err error) Response {
		res.Err = &Error{Path: r.URL, Err: err}
		return res
	}
	if _, err := NormalizeURL(r.URL); err != nil {
		return fail(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", acceptFeeds)
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.httpClient().Do(req)
	if err != nil {
		return fail(f.reason(ctx, err))
	}
	defer resp.Body.Close()
	res.Status = resp.StatusCode
	res.ETag = resp.Header.Get("ETag")
	res.LastModified = resp.Header.Get("Last-Modified")
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		return res
	case resp.StatusCode == http.StatusNoContent:
		return fail(errors.New("HTTP 204 No Content: the server sent no feed"))
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Drain a little so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return fail(fmt.Errorf("HTTP %s", statusText(resp)))
	}
	limit := f.maxBytes()
	if resp.ContentLength > limit {
		return fail(fmt.Errorf("body too large: %s (limit %s)", byteSize(resp.ContentLength), byteSize(limit)))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fail(fmt.Errorf("read body: %w", f.reason(ctx, err)))
	}
	if int64(len(body)) > limit {
		return fail(fmt.Errorf("body too large: over the %s limit", byteSize(limit)))
	}
	res.Body = body
	return res
}

// byteSize writes n in MB, or in KB or bytes when smaller.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func statusText(resp *http.Response) string {
	if s := strings.TrimSpace(resp.Status); s != "" {
		return s
	}
	return fmt.Sprint(resp.StatusCode)
}

// reason turns a transport error into a short reason: the cause without
// the "Get URL:" prefix, a timeout named as such.
func (f *Fetcher) reason(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s", f.timeout())
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// FetchAll fetches every request, at most PerHost at a time to one host
// and Workers in all, and calls fn with each response in the caller's
// goroutine, one at a time, in the order they complete. At most Workers
// bodies are held at once. It returns ctx's error when cancelled (after
// the fetches in flight have ended); fn still sees every response.
func (f *Fetcher) FetchAll(ctx context.Context, reqs []Request, fn func(Response)) error {
	global := make(chan struct{}, f.workers())
	hosts := map[string]chan struct{}{}
	for _, r := range reqs {
		h := hostKey(r.URL)
		if hosts[h] == nil {
			hosts[h] = make(chan struct{}, f.perHost())
		}
	}
	results := make(chan Response)
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			host := hosts[hostKey(r.URL)]
			// The host's slot first: a request waiting for a busy host holds
			// no global slot that another host's request could use.
			select {
			case host <- struct{}{}:
			case <-ctx.Done():
				results <- Response{URL: r.URL, Err: &Error{Path: r.URL, Err: ctx.Err()}}
				return
			}
			select {
			case global <- struct{}{}:
			case <-ctx.Done():
				<-host
				results <- Response{URL: r.URL, Err: &Error{Path: r.URL, Err: ctx.Err()}}
				return
			}
			res := f.Fetch(ctx, r)
			<-host
			results <- res
			<-global // only once fn has the body: bodies held stay bounded
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for res := range results {
		fn(res)
	}
	return ctx.Err()
}

// hostKey is what the per-host limit counts by: the host name, so two
// ports of one machine share it.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Hostname())
}
