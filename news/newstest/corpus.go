package newstest

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// Corpus generates n articles for benchmarks and UI tests and hands them to
// fn in order; fn's error stops generation and is returned. The same n and
// seed always give the same articles.
//
// Articles look like wire news: a headline, a byline, a site and URL, a date
// between 2018 and 2025, 5-12 paragraphs of text drawn from a Zipf-weighted
// vocabulary (so search terms have realistic frequencies), quotations with
// their speakers, and named people, places and organisations from small
// built-in lists, with entity mentions, quotes and topics filled in as an
// analyser would. About 20% of stories get 1-3 further versions that edit
// words, add and drop paragraphs and sometimes change the headline; some of
// those are undated and some reuse the source path of the original (a file
// changed in place). The returned articles carry their ids (news.ComputeID).
func Corpus(n int, seed int64, fn func(news.Article) error) error {
	g := newGen(seed)
	emitted := 0
	for emitted < n {
		st := g.story()
		base := g.render(st, 0)
		if err := fn(base); err != nil {
			return fmt.Errorf("corpus article %d: %w", emitted, err)
		}
		emitted++
		if g.r.Float64() >= 0.2 {
			continue
		}
		versions := 1 + g.r.Intn(3)
		prev := base.ID
		for v := 1; v <= versions && emitted < n; v++ {
			var a news.Article
			// An edit can cancel itself out (a word replaced by itself, the
			// added paragraph dropped); edit again until the text changed.
			for a.ID == "" || a.ID == prev {
				g.edit(st)
				a = g.render(st, v)
			}
			prev = a.ID
			if err := fn(a); err != nil {
				return fmt.Errorf("corpus article %d: %w", emitted, err)
			}
			emitted++
		}
	}
	return nil
}

// seg is a piece of a paragraph: plain text, an entity mention or a quote.
type seg struct {
	text    string
	ent     int // 1 + index in gen.ents; 0 when plain text
	quote   bool
	speaker int // 1 + index in gen.ents of a quote's speaker
}

type entity struct {
	name, alias string
	typ         news.EntityType
}

type site struct {
	name, host string
	kind       news.SourceKind
}

type story struct {
	n        int
	title    string
	site     site
	byline   []string
	date     time.Time
	paras    [][]seg
	people   []int
	places   []int
	orgs     []int
	topics   []string
	category string
	undated  bool
	samePath bool
}

type gen struct {
	r      *rand.Rand
	zipf   *rand.Zipf
	vocab  []string
	ents   []entity
	people int // ents[0:people] are people
	places int // ents[people:places] are places; the rest organisations
	pick   *rand.Zipf
	count  int
}

func newGen(seed int64) *gen {
	r := rand.New(rand.NewSource(seed))
	g := &gen{r: r}
	g.vocab = append(g.vocab, commonWords...)
	// A long tail of rarer words, built from syllables, so the corpus has
	// tens of thousands of distinct terms as a real archive does.
	syl := []string{"ka", "lo", "mer", "tan", "vi", "sor", "del", "pra", "nu", "ghe", "bri", "ost", "fal", "quin", "ru", "zem", "ad", "il", "cor", "ba"}
	for i := 0; len(g.vocab) < 30000; i++ {
		w := syl[i%len(syl)] + syl[(i/len(syl))%len(syl)] + syl[(i/(len(syl)*len(syl)))%len(syl)]
		if i >= len(syl)*len(syl)*len(syl) {
			w += syl[(i/(len(syl)*len(syl)*len(syl)))%len(syl)]
		}
		g.vocab = append(g.vocab, w+suffixes[i%len(suffixes)])
	}
	g.zipf = rand.NewZipf(r, 1.1, 2, uint64(len(g.vocab)-1))
	for i := 0; i < 3000; i++ {
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i*7+i/len(firstNames))%len(lastNames)]
		g.ents = append(g.ents, entity{name: first + " " + last, alias: last, typ: news.Person})
	}
	g.people = len(g.ents)
	for _, p := range places {
		g.ents = append(g.ents, entity{name: p, typ: news.Place})
	}
	g.places = len(g.ents)
	for _, o := range orgs {
		g.ents = append(g.ents, entity{name: o[0], alias: o[1], typ: news.Organization})
	}
	// Popularity of people, places and organisations: the commonest person
	// is in about 1% of stories, as a head of state might be.
	g.pick = rand.NewZipf(r, 1.05, 30, 1<<20)
	return g
}

// pickIn returns an index in [lo, hi), popular ones more often.
func (g *gen) pickIn(lo, hi int) int { return lo + int(g.pick.Uint64()%uint64(hi-lo)) }

func (g *gen) word() string { return g.vocab[g.zipf.Uint64()] }

// headWord is a word for a headline: not one of the commonest function words.
func (g *gen) headWord() string {
	for {
		if i := g.zipf.Uint64(); i >= 120 {
			return g.vocab[i]
		}
	}
}

func (g *gen) story() *story {
	g.count++
	st := &story{n: g.count, site: sites[g.r.Intn(len(sites))]}
	for i := 0; i < 2+g.r.Intn(3); i++ {
		st.people = append(st.people, g.pickIn(0, g.people))
	}
	for i := 0; i < 1+g.r.Intn(3); i++ {
		st.places = append(st.places, g.pickIn(g.people, g.places))
	}
	for i := 0; i < 1+g.r.Intn(2); i++ {
		st.orgs = append(st.orgs, g.pickIn(g.places, len(g.ents)))
	}
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	st.date = start.Add(time.Duration(g.r.Int63n(int64(8 * 365 * 24 * time.Hour)))).Truncate(time.Minute)
	if g.r.Intn(4) == 0 {
		st.byline = []string{agencies[g.r.Intn(len(agencies))]}
	} else {
		for i := 0; i < 1+g.r.Intn(2); i++ {
			st.byline = append(st.byline, g.ents[g.r.Intn(g.people)].name)
		}
	}
	st.title = g.title(st)
	np := 5 + g.r.Intn(8)
	for i := 0; i < np; i++ {
		st.paras = append(st.paras, g.paragraph(st, i))
	}
	theme := themes[g.pickIn(0, len(themes))]
	st.topics = []string{g.ents[st.places[0]].name, theme}
	if g.r.Intn(2) == 0 {
		st.topics = append(st.topics, g.ents[st.orgs[0]].name)
	}
	if st.site.kind == news.KindFeed {
		st.category = categories[g.r.Intn(len(categories))]
	}
	return st
}

func (g *gen) title(st *story) string {
	place := g.ents[st.places[0]].name
	org := g.ents[st.orgs[0]].alias
	if org == "" {
		org = g.ents[st.orgs[0]].name
	}
	person := g.ents[st.people[0]].alias
	w1, w2 := capitalize(g.headWord()), g.headWord()
	switch g.r.Intn(5) {
	case 0:
		return fmt.Sprintf("%s Says %s %s Put %s at Risk", place, w1, w2, capitalize(g.headWord()))
	case 1:
		return fmt.Sprintf("%s Warns of %s %s in %s", org, w1, w2, place)
	case 2:
		return fmt.Sprintf("%s to Visit %s Amid %s Over %s", person, place, w1, w2)
	case 3:
		return fmt.Sprintf("%s %s as %s Weighs %s", w1, w2, org, capitalize(g.headWord()))
	}
	return fmt.Sprintf("In %s, %s %s and %s", place, w1, w2, g.headWord())
}

// sentence returns words with the odd entity among them, ending in '.'.
func (g *gen) sentence(st *story, segs []seg) []seg {
	n := 10 + g.r.Intn(18)
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			segs = append(segs, seg{text: b.String()})
			b.Reset()
		}
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		if i > 0 && g.r.Intn(9) == 0 {
			flush()
			segs = append(segs, seg{text: "", ent: 1 + g.storyEntity(st)})
			continue
		}
		w := g.word()
		if i == 0 {
			w = capitalize(w)
		}
		b.WriteString(w)
	}
	b.WriteString(". ")
	flush()
	return segs
}

func (g *gen) storyEntity(st *story) int {
	switch g.r.Intn(3) {
	case 0:
		return st.people[g.r.Intn(len(st.people))]
	case 1:
		return st.places[g.r.Intn(len(st.places))]
	}
	return st.orgs[g.r.Intn(len(st.orgs))]
}

func (g *gen) quoteText() string {
	n := 8 + g.r.Intn(16)
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	words[0] = capitalize(words[0])
	return strings.Join(words, " ")
}

func (g *gen) paragraph(st *story, i int) []seg {
	var segs []seg
	if i > 0 && g.r.Intn(3) == 0 {
		speaker := st.people[g.r.Intn(len(st.people))]
		segs = append(segs, seg{text: "\""}, seg{text: g.quoteText(), quote: true, speaker: 1 + speaker},
			seg{text: ",\" "}, seg{ent: 1 + speaker}, seg{text: " said. "})
	}
	for k := 0; k < 1+g.r.Intn(3); k++ {
		segs = g.sentence(st, segs)
	}
	return segs
}

// edit makes the next version of a story: words changed in a paragraph or
// two, a paragraph added, sometimes one dropped or the headline rewritten.
func (g *gen) edit(st *story) {
	for k := 0; k < 1+g.r.Intn(2); k++ {
		p := st.paras[g.r.Intn(len(st.paras))]
		for j := range p {
			if p[j].ent == 0 && !p[j].quote && len(p[j].text) > 20 && g.r.Intn(2) == 0 {
				words := strings.Fields(p[j].text)
				words[g.r.Intn(len(words))] = g.word()
				p[j].text = strings.Join(words, " ") + " "
			}
		}
	}
	at := 1 + g.r.Intn(len(st.paras))
	np := g.paragraph(st, at)
	st.paras = append(st.paras[:at], append([][]seg{np}, st.paras[at:]...)...)
	if len(st.paras) > 6 && g.r.Intn(4) == 0 {
		drop := 1 + g.r.Intn(len(st.paras)-1)
		st.paras = append(st.paras[:drop], st.paras[drop+1:]...)
	}
	if g.r.Intn(2) == 0 {
		st.title = g.title(st)
	}
	st.date = st.date.Add(time.Duration(1+g.r.Intn(48)) * time.Hour)
	st.undated = g.r.Intn(6) == 0
	st.samePath = g.r.Intn(2) == 0
}

// render writes the article for version v of a story, with code-point
// offsets for its entity mentions and quotes.
func (g *gen) render(st *story, v int) news.Article {
	a := news.Article{
		Title:    st.title,
		Byline:   append([]string(nil), st.byline...),
		Site:     st.site.name,
		Language: "en",
		Topics:   append([]string(nil), st.topics...),
	}
	if st.category != "" {
		a.Categories = []string{st.category}
	}
	if st.undated && v > 0 {
		a.DateSource = news.DateUnknown
	} else {
		d := st.date
		a.Published, a.DateSource = &d, news.DateExplicit
	}
	slug := strings.ToLower(strings.Join(strings.Fields(st.title), "-"))
	a.URL = fmt.Sprintf("https://%s/%s/%s", st.site.host, st.date.Format("2006/01/02"), slug)
	path := fmt.Sprintf("corpus/%s/%07d", st.site.host, st.n)
	if v > 0 && !st.samePath {
		path = fmt.Sprintf("%s.v%d", path, v)
	}
	a.Source = news.Source{Path: path + extension[st.site.kind], Kind: st.site.kind}
	mentions := map[int][]news.Mention{}
	var order []int
	named := map[int]bool{}
	for pi, p := range st.paras {
		var b strings.Builder
		pos := 0
		for _, s := range p {
			text := s.text
			if s.ent > 0 {
				e := g.ents[s.ent-1]
				text = e.name
				if named[s.ent] && e.alias != "" {
					text = e.alias
				}
				named[s.ent] = true
				if _, ok := mentions[s.ent]; !ok {
					order = append(order, s.ent)
				}
				n := utf8.RuneCountInString(text)
				mentions[s.ent] = append(mentions[s.ent], news.Mention{Paragraph: pi, Start: pos, End: pos + n, Text: text})
			}
			n := utf8.RuneCountInString(text)
			if s.quote {
				a.Quotes = append(a.Quotes, news.Quote{Text: text, Speaker: g.ents[s.speaker-1].name, Cue: "said",
					Paragraph: pi, Start: pos, End: pos + n})
			}
			b.WriteString(text)
			pos += n
		}
		a.Paragraphs = append(a.Paragraphs, strings.TrimSpace(b.String()))
	}
	for _, id := range order {
		e := g.ents[id-1]
		ent := news.Entity{Name: e.name, Type: e.typ, Mentions: mentions[id]}
		if e.alias != "" {
			ent.Aliases = []string{e.alias}
		}
		a.Entities = append(a.Entities, ent)
	}
	a.ID = news.ComputeID(a.Title, a.Paragraphs)
	a.Normalize()
	return a
}

func capitalize(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

var extension = map[news.SourceKind]string{news.KindText: ".txt", news.KindHTML: ".html", news.KindFeed: ".xml", news.KindJSON: ".json"}

var suffixes = []string{"", "s", "ed", "ing", "er", "ation", "ist", "ment"}

var sites = []site{
	{"The Daily Ledger", "dailyledger.example", news.KindHTML},
	{"Northern Courier", "northerncourier.example", news.KindHTML},
	{"The Evening Post", "eveningpost.example", news.KindHTML},
	{"Harbour Times", "harbourtimes.example", news.KindText},
	{"Capital Wire", "capitalwire.example", news.KindFeed},
	{"Global Desk", "globaldesk.example", news.KindFeed},
	{"The Observer Review", "observerreview.example", news.KindHTML},
	{"Metro Herald", "metroherald.example", news.KindHTML},
	{"Continental News", "continentalnews.example", news.KindJSON},
	{"Riverside Gazette", "riversidegazette.example", news.KindText},
	{"The Morning Bulletin", "morningbulletin.example", news.KindFeed},
	{"World Report Online", "worldreport.example", news.KindHTML},
}

var agencies = []string{"AFP", "Reuters", "AP", "DPA", "EFE"}

var categories = []string{"World", "Politics", "Business", "Europe", "Asia", "Economy", "Security", "Climate"}

var themes = []string{"elections", "energy", "security", "trade", "climate", "health", "migration", "economy",
	"diplomacy", "technology", "courts", "sanctions", "education", "transport", "agriculture", "housing"}

var places = []string{"Russia", "Afghanistan", "Tajikistan", "Uzbekistan", "Tashkent", "Moscow", "Kabul", "Washington",
	"United States", "China", "Beijing", "India", "New Delhi", "Pakistan", "Iran", "Tehran", "Turkey", "Ankara",
	"Germany", "Berlin", "France", "Paris", "United Kingdom", "London", "Italy", "Rome", "Spain", "Madrid",
	"Poland", "Warsaw", "Ukraine", "Kyiv", "Brazil", "São Paulo", "Brasília", "Argentina", "Buenos Aires",
	"Mexico", "Mexico City", "Canada", "Ottawa", "Japan", "Tokyo", "South Korea", "Seoul", "Indonesia", "Jakarta",
	"Nigeria", "Lagos", "Kenya", "Nairobi", "Egypt", "Cairo", "Ethiopia", "Addis Ababa", "South Africa",
	"Johannesburg", "Australia", "Sydney", "New Zealand", "Wellington", "Sweden", "Stockholm", "Norway", "Oslo",
	"Finland", "Helsinki", "Greece", "Athens", "Israel", "Jerusalem", "Saudi Arabia", "Riyadh", "Qatar", "Doha",
	"Syria", "Damascus", "Iraq", "Baghdad", "Kazakhstan", "Almaty", "Kyrgyzstan", "Bishkek", "Georgia", "Tbilisi",
	"Armenia", "Yerevan", "Azerbaijan", "Baku", "Belarus", "Minsk", "Serbia", "Belgrade", "Hungary", "Budapest",
	"Austria", "Vienna", "Switzerland", "Zürich", "Geneva", "Netherlands", "Amsterdam", "Belgium", "Brussels",
	"Portugal", "Lisbon", "Chile", "Santiago", "Peru", "Lima", "Colombia", "Bogotá", "Venezuela", "Caracas",
	"Vietnam", "Hanoi", "Thailand", "Bangkok", "Philippines", "Manila", "Malaysia", "Kuala Lumpur", "Singapore",
	"Central Asia", "Middle East", "Europe", "Africa", "Latin America", "Siberia", "Crimea", "Gaza", "Kashmir"}

var orgs = [][2]string{
	{"North Atlantic Treaty Organization", "NATO"}, {"United Nations", "UN"}, {"European Union", "EU"},
	{"Taliban", ""}, {"TASS", ""}, {"World Health Organization", "WHO"}, {"International Monetary Fund", "IMF"},
	{"World Bank", ""}, {"Red Cross", ""}, {"Amnesty International", ""}, {"Human Rights Watch", ""},
	{"European Central Bank", "ECB"}, {"Federal Reserve", "Fed"}, {"Defense Ministry", ""}, {"Foreign Ministry", ""},
	{"Interior Ministry", ""}, {"Finance Ministry", ""}, {"Supreme Court", ""}, {"Constitutional Court", ""},
	{"Kremlin", ""}, {"White House", ""}, {"Pentagon", ""}, {"State Department", ""}, {"Parliament", ""},
	{"Gazprom", ""}, {"Rosneft", ""}, {"Shell", ""}, {"Siemens", ""}, {"Toyota", ""}, {"Samsung", ""},
	{"Google", ""}, {"Microsoft", ""}, {"Apple", ""}, {"Amazon", ""}, {"Tesla", ""}, {"Boeing", ""}, {"Airbus", ""},
	{"African Union", "AU"}, {"Arab League", ""}, {"OPEC", ""}, {"G20", ""}, {"Group of Seven", "G7"},
	{"Shanghai Cooperation Organisation", "SCO"}, {"Collective Security Treaty Organization", "CSTO"},
	{"International Criminal Court", "ICC"}, {"Interpol", ""}, {"UNICEF", ""}, {"UNESCO", ""},
	{"Medecins Sans Frontieres", "MSF"}, {"Greenpeace", ""}, {"Central Election Commission", ""},
	{"National Bank", ""}, {"Stock Exchange", ""}, {"Olympic Committee", ""}, {"FIFA", ""}, {"AFP", ""}, {"Reuters", ""},
}

var firstNames = []string{"Sergei", "Anna", "Emomali", "Ashraf", "Maria", "John", "Fatima", "Wei", "Olga", "Ahmed",
	"Elena", "David", "Priya", "Carlos", "Yuki", "Amina", "Pierre", "Ingrid", "Mehmet", "Laura", "Dmitry", "Sofia",
	"Hamid", "Grace", "Viktor", "Leila", "Thomas", "Irina", "Kwame", "Lucia", "Alexei", "Nadia", "Rahul", "Chen",
	"Jorge", "Miriam", "Oleksandr", "Aisha", "Henrik", "Beatriz", "Tomasz", "Zainab", "Mikhail", "Helen", "Omar",
	"Svetlana", "James", "Noura", "Andrei", "Keiko", "Hugo", "Rania", "Pavel", "Eva", "Abdul", "Claire", "Ivan",
	"Mei", "Nikolai", "Sara"}

var lastNames = []string{"Lavrov", "Rakhmon", "Ghani", "Petrova", "Smith", "Khan", "Zhang", "Ivanova", "Hassan",
	"Kowalski", "Garcia", "Tanaka", "Okafor", "Dubois", "Larsen", "Yilmaz", "Rossi", "Volkov", "Sokolova", "Karimi",
	"Mensah", "Fernandez", "Novak", "Schmidt", "Popescu", "Nakamura", "Mahmoud", "Andersson", "Kovacs", "Moreau",
	"Haddad", "Bauer", "Silva", "Kuznetsov", "Ahmadi", "Nowak", "Romero", "Sato", "Abubakar", "Jensen", "Costa",
	"Morozov", "Rahimi", "Fischer", "Horvat", "Lindqvist", "Osei", "Pereira", "Orlov", "Sultani", "Weber",
	"Yamamoto", "Adeyemi", "Nielsen", "Santos", "Belov", "Qureshi", "Keller", "Marin", "Tkachenko", "Wright",
	"Ali", "Chowdhury", "Esposito", "Fedorov", "Gomez", "Halvorsen", "Ibrahim", "Jovanovic", "Kim"}

// commonWords are frequent words of English news, most frequent first; the
// Zipf draw makes the first ones common and the tail rare.
var commonWords = strings.Fields(`the of to and in a that for on is said with was as by at it from his be have has
are an not were will who had been but this their they which would its after more over also about government
people than year other new president minister police last two first week told country officials state when
into against up out some could there united security foreign military since her can forces between during
where while former national under three what public before no may all them held city support only against
he she if group party leaders talks including because political years told according economic since report
percent million billion spokesman statement monday tuesday wednesday thursday friday saturday sunday month
border troops crisis war peace deal agreement election vote court law region capital prime officials plan
international power attack killed health minister meeting visit withdrawal situation future risk instability
threat terrorism drugs trafficking level clear real countries spreading neighbouring bases representatives
insurgent control advance concerned potential reaching central former soviet union maintains warned blamed
rapid deterioration uncertainty conference comments carried agencies news agency recent days unfortunately
hosted capturing swath districts crossings encircling provincial capitals launch offensives stages foreign
insurgents capitalised mission failed everyone understands drawdown positive colors white house tried paint
refugees crossed fleeing inspections guard posts reservists bolster defences shared drills staging aimed
buttressing organization banned market prices energy oil gas supply exports imports growth inflation bank
interest rates budget tax spending debt jobs workers strike union companies company shares investors
industry production factory farmers harvest food water climate emissions carbon heat flood drought storm
fire rescue hospital patients doctors vaccine virus outbreak cases deaths schools students teachers
university research scientists study data technology internet online social media platform users
privacy rules regulators lawmakers parliament bill debate opposition coalition campaign candidate voters
polls results protest protesters demonstrators rally arrested charges trial judge sentence prison rights
activists journalists press freedom censorship sanctions embassy ambassador envoy summit negotiations
ceasefire humanitarian aid convoy civilians casualties shelling missile drone strike defence weapons arms
army navy air exercises alliance partners allies relations tensions dispute territory islands sea coast
port shipping trade tariffs goods transport railway airport flights passengers tourism hotels housing rents
construction infrastructure roads bridge project investment funds plan reform pension social welfare
families children women men young older population census migration migrants asylum border crossing
officials confirmed denied announced expected planned began continued ended remains remained became
increased decreased rose fell doubled reached estimated reported described called urged demanded accused
criticised welcomed rejected approved signed ratified launched opened closed suspended resumed cancelled`)
