package news

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verso-news/verso/news/gazetteer"
)

// Entity recognition is rule-based: a gazetteer of real-world names (first
// names, countries, cities and regions, organisations; see news/gazetteer),
// capitalisation, person titles, organisation and place suffix words, and
// within-document aliasing (Lavrov -> Sergei Lavrov). It measures better than
// the statistical model shipped in prose v2 on news text (docs/ANALYSIS.md).

// personTitles are words that introduce a person's name and are not part of
// it ("Foreign Minister Sergei Lavrov", "Mr. Lavrov").
var personTitles = map[string]bool{
	"President": true, "Vice": true, "Prime": true, "Minister": true, "Ministers": true, "Secretary": true,
	"Chancellor": true, "King": true, "Queen": true, "Prince": true, "Princess": true, "Pope": true,
	"Sheikh": true, "Sheik": true, "Emir": true, "Sultan": true, "Crown": true, "General": true, "Gen.": true,
	"Mr.": true, "Mrs.": true, "Ms.": true, "Mr": true, "Mrs": true, "Ms": true, "Dr.": true, "Dr": true,
	"Senator": true, "Sen.": true, "Governor": true, "Gov.": true, "Mayor": true, "Judge": true,
	"Chairman": true, "Chairwoman": true, "Chair": true, "CEO": true, "Director": true, "Ambassador": true,
	"Spokesman": true, "Spokeswoman": true, "Spokesperson": true, "Commissioner": true, "Chief": true,
	"Colonel": true, "Col.": true, "Captain": true, "Capt.": true, "Lieutenant": true, "Lt.": true,
	"Sergeant": true, "Sgt.": true, "Major": true, "Maj.": true, "Admiral": true, "Adm.": true,
	"Commander": true, "Marshal": true, "Field": true, "Detective": true, "Inspector": true, "Constable": true,
	"Professor": true, "Prof.": true, "Rev.": true, "Reverend": true, "Father": true, "Bishop": true,
	"Archbishop": true, "Cardinal": true, "Rabbi": true, "Imam": true, "Ayatollah": true, "Deputy": true,
	"Foreign": true, "Defense": true, "Defence": true, "Interior": true, "Finance": true, "Health": true,
	"Economy": true, "Trade": true, "Education": true, "Energy": true, "Justice": true, "Home": true,
	"Premier": true, "Speaker": true, "Leader": true, "Coach": true, "Representative": true, "Rep.": true,
	"Congressman": true, "Congresswoman": true, "Councillor": true, "Councilor": true, "Councilman": true,
	"Lord": true, "Lady": true, "Sir": true, "Dame": true, "Former": true, "Acting": true, "Interim": true,
	"Senior": true, "Executive": true, "Attorney": true, "Solicitor": true, "Prosecutor": true,
	"Officer": true, "Agent": true, "Private": true, "Corporal": true, "Brigadier": true, "Pastor": true,
	"Secretary-General": true, "Vice-President": true, "Vice-Chancellor": true, "Premier-elect": true,
	"President-elect": true, "Sen": true, "Gov": true, "Dr ": true, "Frau": true, "Herr": true,
	"Madame": true, "Monsieur": true, "Mme": true, "Mme.": true, "M.": false, "Chief Executive": true,
	"Founder": true, "Co-founder": true, "Editor": true, "Correspondent": true, "Reporter": true,
	"Manager": true, "Administrator": true, "Captain-elect": true, "Head": true, "Envoy": true, "Special": true,
}

// orgSuffixes end organisation names ("Foreign Ministry", "Acme Inc").
var orgSuffixes = map[string]bool{
	"Ministry": true, "Agency": true, "Inc": true, "Inc.": true, "Corp": true, "Corp.": true,
	"Corporation": true, "Co.": true, "Company": true, "Ltd": true, "Ltd.": true, "LLC": true, "PLC": true,
	"plc": true, "AG": true, "GmbH": true, "SA": true, "Group": true, "Bank": true, "University": true,
	"College": true, "Institute": true, "Institution": true, "School": true, "Academy": true,
	"Association": true, "Foundation": true, "Fund": true, "Society": true, "Council": true,
	"Committee": true, "Commission": true, "Department": true, "Office": true, "Bureau": true,
	"Board": true, "Service": true, "Services": true, "Authority": true, "Administration": true,
	"Party": true, "Union": true, "League": true, "Federation": true, "Confederation": true,
	"Alliance": true, "Organization": true, "Organisation": true, "Movement": true, "Front": true,
	"Army": true, "Navy": true, "Force": true, "Forces": true, "Police": true, "Guard": true,
	"Court": true, "Tribunal": true, "Parliament": true, "Assembly": true, "Congress": true,
	"Senate": true, "Cabinet": true, "Government": true, "Club": true, "FC": true, "Team": true,
	"Church": true, "Hospital": true, "Times": true, "News": true, "Post": true,
	"Press": true, "Herald": true, "Journal": true, "Tribune": true, "Gazette": true, "Telegraph": true,
	"Network": true, "Television": true, "TV": true, "Radio": true, "Airlines": true, "Airways": true,
	"Motors": true, "Industries": true, "Systems": true, "Technologies": true, "Labs": true,
	"Laboratories": true, "Laboratory": true, "Studios": true, "Records": true, "Entertainment": true,
	"Media": true, "Partners": true, "Holdings": true, "Trust": true, "Exchange": true, "Coalition": true,
	"Caucus": true, "Brigade": true, "Brigades": true, "Battalion": true, "Regiment": true,
	"Directorate": true, "Secretariat": true, "Institutes": true, "Commissions": true,
	"Project": true, "Initiative": true, "Inquirer": true, "Chronicle": true,
	"Magazine": true, "Review": true, "Observer": true, "Guardian": true, "Monitor": true,
	"Foundation's": false, "Cooperative": true, "Bancorp": true, "Pharmaceuticals": true, "Energy": true,
	"Committees": true, "Consortium": true, "Syndicate": true, "Taskforce": true, "Unit": true,
	"Squad": true, "Division": true, "Fraternity": true, "Choir": true, "Orchestra": true, "Band": true,
	"Councils": true, "Courts": true, "Agencies": true, "Ministries": true, "Parliaments": true,
	"Brotherhood": true, "Sisterhood": true, "Weekly": true, "Paper": true, "Quarterly": true,
	"Guild": true, "Legion": true, "Corps": true, "Chamber": true, "Collective": true, "Studio": true,
	"Guards": true, "Program": true, "Programme": true, "Lines": true, "Publishing": true, "Publishers": true,
	"Railroad": true, "Railway": true, "Railways": true, "Airline": true, "Bancshares": true, "Insurance": true, "Org": true, "Workers": false, "Games": false, "Olympics": false,
}

// placeSuffixes end place names ("Bagram Airfield", "Hudson River").
var placeSuffixes = map[string]bool{
	"River": true, "Lake": true, "Mountain": true, "Mountains": true, "Island": true, "Islands": true,
	"Sea": true, "Ocean": true, "Bay": true, "Gulf": true, "Strait": true, "Straits": true, "Valley": true,
	"Desert": true, "Peninsula": true, "Coast": true, "Beach": true, "Province": true, "County": true,
	"District": true, "Region": true, "City": true, "Town": true, "Village": true, "Street": true,
	"Avenue": true, "Road": true, "Square": true, "Park": true, "Bridge": true, "Airport": true,
	"Airfield": true, "Harbor": true, "Harbour": true, "Canyon": true, "Falls": true, "Hills": true,
	"Heights": true, "Forest": true, "Plaza": true, "Station": true, "Stadium": true, "Arena": true,
	"Palace": true, "Castle": true, "Tower": true, "Cathedral": true, "Mosque": true, "Temple": true,
	"Prefecture": true, "Oblast": true, "Krai": true, "Territory": true, "Territories": true,
	"Canal": true, "Glacier": true, "Volcano": true, "Reef": true, "Basin": true, "Plain": true,
	"Plains": true, "Highlands": true, "Lowlands": true, "Archipelago": true, "Delta": true,
	"Boulevard": true, "Lane": true, "Drive": true, "Highway": true, "Motorway": true, "Building": true,
	"Hall": true, "Prison": true, "Camp": true, "Base": false, "Zoo": true, "Garden": true, "Gardens": true,
	"Cemetery": true, "Memorial": true, "Port": true, "Oasis": true, "Township": true, "Municipality": true,
	"Borough": true, "Parish": true, "Springs": true, "Cave": true, "Caves": true, "Brook": true,
	"Empire": true, "Plateau": true, "Junction": true, "Quarter": true, "Capitol": true, "Mall": true, "Museum": true,
	"Center": true, "Centre": true, "Planetarium": true,
}

// wordList names, as a bit, one of the word lists above that the scan
// asks of a token most often.
type wordList uint16

const (
	inPersonTitles wordList = 1 << iota
	inOrgSuffixes
	inPlaceSuffixes
	inEventSuffixes
	inNameConnectors
	inNonNames
	inGroupNames
	listsLooked // token.lists is set
)

// wordLists gives the lists each of their words is in (with true in the
// map): one lookup tells a token's lists, where the scan asked each list
// of the same token again and again.
var wordLists = func() map[string]wordList {
	m := map[string]wordList{}
	for l, set := range map[wordList]map[string]bool{
		inPersonTitles: personTitles, inOrgSuffixes: orgSuffixes, inPlaceSuffixes: placeSuffixes,
		inEventSuffixes: eventSuffixes, inNameConnectors: nameConnectors, inNonNames: nonNames,
		inGroupNames: groupNames,
	} {
		for w, in := range set {
			if in {
				m[w] |= l
			}
		}
	}
	return m
}()

// in reports whether t.T is in one of the lists l, looking its lists up
// once per token.
func (t *token) in(l wordList) bool {
	if t.lists&listsLooked == 0 {
		t.lists = wordLists[t.T] | listsLooked
	}
	return t.lists&l != 0
}

// facilityOrg are place suffixes that name an organisation when followed
// by "for" ("Centre for Social Evolution").
var facilityOrg = map[string]bool{"Center": true, "Centre": true}

// facilityOf are place suffixes that may open a name with "of X" ("Museum
// of Flight"); other suffixes must end one ("Hall of Famer X" is not a hall).
var facilityOf = map[string]bool{"Museum": true, "Center": true, "Centre": true}

// eventSuffixes end names of events, prizes and competitions, which are
// neither people, organisations nor places ("Summer Paralympics").
var eventSuffixes = map[string]bool{
	"Olympics": true, "Paralympics": true, "Games": true, "Cup": true, "Championship": true,
	"Championships": true, "Festival": true, "Awards": true, "Award": true, "Prize": true, "Expo": true,
	"Conference": true, "Summit": true, "War": true, "Tournament": true, "Series": true, "Carnival": true,
	"Marathon": true, "Grand Prix": true, "Open": true, "Jubilee": true, "Convention": true, "Week": true,
	"Day": true, "Act": true, "Treaty": true, "Accord": true, "Agreement": true, "Bill": false,
}

// commonAcronyms are abbreviations of things, units and trades, not of
// anyone's name: technical articles are full of them and none is an
// organisation ("the HTTP API returns JSON", "8 GB of RAM", "12GB"). A
// radio station's call sign still is one ("6PR", "3AW"). Only all-capital
// words reach the list (isAcronym), so plurals such as APIs need no entry.
var commonAcronyms = map[string]bool{
	"AI": true, "API": true, "AR": true, "ASCII": true, "BOM": true, "CLI": true, "CORS": true,
	"CPU": true, "CSS": true, "CSV": true, "DAC": true, "ADC": true, "DNS": true, "DOCTYPE": true,
	"DRAM": true, "DVD": true, "FAQ": true, "FOSS": true, "FPGA": true, "FPS": true, "FTP": true,
	"GIF": true, "GPIO": true, "GPS": true, "GPU": true, "GUI": true, "HDD": true, "HDL": true,
	"HDMI": true, "HDR": true, "HTML": true, "HTML5": true, "HTTP": true, "HTTPS": true, "IDE": true, "IMO": true,
	"IP": true, "IR": true, "IRC": true, "ISBN": true, "ISP": true, "IT": true, "JPEG": true, "JS": true,
	"JSON": true, "LCD": true, "LED": true, "MB": true, "GB": true, "KB": true, "TB": true,
	"MCU": true, "MP3": true, "MRI": true, "OS": true, "PC": true, "PDF": true,
	"PHP": true, "PII": true, "PIN": true, "PNG": true, "RAM": true, "RFC": true, "ROM": true, "RPC": true,
	"RSS": true, "RTL": true, "SDK": true, "SEO": true, "SMS": true, "SQL": true, "SRAM": true, "SSD": true,
	"SSH": true, "SSL": true, "SVG": true, "TCP": true, "TLS": true, "TV": true, "UDP": true, "UI": true,
	"URI": true, "URL": true, "USB": true, "UX": true, "VHDL": true, "VPN": true, "VR": true,
	"XHR": true, "XHTML": true, "XML": true, "GDP": true, "CEO": true, "CFO": true,
	"CTO": true, "DIY": true, "DJ": true, "FYI": true, "ASAP": true, "OK": true, "PS": true, "TBA": true,
}

// directionWords qualify a place without making it another name.
var directionWords = map[string]bool{
	"North": true, "South": true, "East": true, "West": true, "Northern": true, "Southern": true,
	"Eastern": true, "Western": true, "Central": true, "Greater": true, "Upper": true, "Lower": true,
	"New": true, "Old": true, "Northeast": true, "Northwest": true, "Southeast": true, "Southwest": true,
	"Northeastern": true, "Northwestern": true, "Southeastern": true, "Southwestern": true,
	"Rural": true, "Inner": true, "Outer": true, "Mainland": true, "Coastal": true,
}

// compassRegions name a region when capitalised after "the" ("the West").
var compassRegions = map[string]bool{
	"West": true, "East": true, "North": true, "South": true, "Midwest": true, "Northeast": true,
	"Northwest": true, "Southeast": true, "Southwest": true, "Orient": true, "Arctic": true, "Antarctic": true,
}

// placeNouns introduce a place's name with "of" ("the village of X").
var placeNouns = map[string]bool{
	"village": true, "town": true, "city": true, "region": true, "province": true, "county": true,
	"state": true, "island": true, "suburb": true, "municipality": true, "district": true, "port": true,
	"capital": true, "north": true, "south": true, "east": true, "west": true, "outskirts": true,
	"commune": true, "parish": true, "borough": true, "hamlet": true, "neighbourhood": true,
	"neighborhood": true, "streets": true, "centre": true, "center": true,
}

// placePrefixes open place names ("Mount Everest", "Lake Victoria").
var placePrefixes = map[string]bool{
	"Mount": true, "Mt.": true, "Lake": true, "Fort": true, "Ft.": true, "Port": true, "Cape": true,
	"San": true, "Santa": true, "Saint": true, "St.": true, "Los": true, "Las": true, "Isle": true,
	"Gulf": true, "Bay": true, "Sea": true,
}

// nameConnectors may sit inside a name between capitalised words
// ("Osama bin Laden", "Bank of England", "Charles de Gaulle").
var nameConnectors = map[string]bool{
	"of": true, "de": true, "du": true, "da": true, "das": true, "dos": true, "del": true, "della": true,
	"di": true, "van": true, "von": true, "der": true, "den": true, "bin": true, "ibn": true, "al": true,
	"el": true, "la": true, "le": true, "y": true, "&": true, "for": true, "and": false, "on": true,
	"the": true, "ter": true, "zu": true,
}

// nonNames are capitalised words that never name an entity on their own.
var nonNames = map[string]bool{
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true,
	"Sunday": true, "January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"I": true, "I'm": true, "I've": true, "I'd": true, "I'll": true, "OK": true, "AM": true, "PM": true,
	"A.M.": true, "P.M.": true, "TV": true, "GMT": true, "UTC": true, "CEO": true, "CEOs": true,
	"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true, "Jan.": true, "Feb.": true, "Aug.": true,
	"Sept.": true, "Sep.": true, "Oct.": true, "Nov.": true, "Dec.": true, "Christmas": true, "Easter": true,
	"God": true, "Internet": true, "Web": true, "PDF": true, "HTML": true, "URL": true, "Q": true, "A": true,
	"DNA": true, "GDP": true, "COVID-19": true, "Covid-19": true, "COVID": true, "Covid": true, "AIDS": true,
	"HIV": true, "MP": true, "MPs": true, "PhD": true, "Ph.D.": true, "ID": true, "IDs": true, "AI": true,
	"UFO": true, "LOL": true, "FAQ": true, "USD": true, "EUR": true, "Islam": true, "Christianity": true,
	"Judaism": true, "English": true, "Spanish": true, "Arabic": true, "Ramadan": true, "Jew": true,
	"Jews": true, "Muslim": true, "Muslims": true, "Christian": true, "Christians": true, "Catholic": true,
	"Catholics": true, "Protestant": true, "Sunni": true, "Shia": true, "Shiite": true, "Hindu": true,
	"Buddhist": true, "Islamist": true, "Islamists": true, "Related": true, "Updated": true, "Photo": true,
	"Image": true, "Video": true, "Source": true, "Sources": true, "Note": true, "Ph": true, "Mbps": true,
	"US$": true, "Oh": true, "Yes": true, "No": true, "Hi": true, "Hello": true, "Thanks": true,
	"Okay": true, "Yeah": true, "Well": true, "So": true,
}

// groupNames are plural names of religious and ethnic groups that the
// demonym list does not give (Americans comes from American): they name
// people as a group.
var groupNames = map[string]bool{
	"Muslims": true, "Jews": true, "Christians": true, "Catholics": true, "Protestants": true,
	"Hindus": true, "Sikhs": true, "Buddhists": true, "Arabs": true, "Kurds": true, "Sunnis": true,
	"Shiites": true, "Shias": true, "Mormons": true, "Pashtuns": true, "Tamils": true, "Uighurs": true,
	"Uyghurs": true, "Berbers": true, "Palestinians": true, "Jains": true, "Druze": true, "Alawites": true,
	"Evangelicals": true, "Anglicans": true, "Methodists": true, "Baptists": true, "Lutherans": true,
	"Orthodox Jews": true, "Rohingya": true, "Roma": false, "Bedouins": true, "Hutus": true, "Tutsis": true,
}

// groupPlural reports a plural name of a people: a demonym with a plural
// s (Americans, Afghans, Saudis) or a religious or ethnic group (Muslims),
// and the place it names, if any, for topics.
func (r *entityRecognizer) groupPlural(t string) (string, bool) {
	if groupNames[t] {
		return "", true
	}
	if len(t) < 4 || !strings.HasSuffix(t, "s") || strings.HasSuffix(t, "ss") {
		return "", false
	}
	one := strings.TrimSuffix(t, "s")
	e, ok := r.gz.Lookup(one)
	if !ok || e.Kind&gazetteer.Demonym == 0 || e.Kind&(gazetteer.Country|gazetteer.Place|gazetteer.Org) != 0 {
		return "", false
	}
	return e.Canonical(one, gazetteer.Demonym), true
}

// titleModifiers are the person titles that only qualify another title
// ("Interior Minister", "Crown Prince"): right before a place's name they
// are the place's ("Interior Alaska", "Crown Melbourne"), not a person's
// title.
var titleModifiers = map[string]bool{
	"Vice": true, "Prime": true, "Crown": true, "Foreign": true, "Defense": true, "Defence": true,
	"Interior": true, "Finance": true, "Health": true, "Economy": true, "Trade": true, "Education": true,
	"Energy": true, "Justice": true, "Home": true, "Former": true, "Acting": true, "Interim": true,
	"Senior": true, "Executive": true, "Private": true, "Field": true, "Special": true, "Head": true,
	"Deputy": true, "Chief": true,
}

// headTitles may stand alone for the person who holds them ("the
// President"), after one of titleLeads.
var headTitles = map[string]bool{
	"President": true, "Secretary": true, "Minister": true, "Governor": true, "Chancellor": true,
	"Pope": true, "Queen": true, "King": true, "Senator": true, "Mayor": true, "Premier": true,
	"Secretary-General": true, "Vice-President": true, "Prime Minister": true,
}

var titleLeads = map[string]bool{"the": true, "The": true, "Mr.": true, "Mr": true, "Madam": true, "Madame": true}

// pronouns that stand for a person in attribution ("he said").
var personPronouns = map[string]bool{"he": true, "she": true, "He": true, "She": true}

// span is one recognised mention before document-level merging.
type span struct {
	para       int
	ti, tj     int // token range [ti, tj)
	typ        EntityType
	canon      string         // proposed canonical name
	strong     bool           // from a gazetteer, a title or a suffix, not a guess
	unresolved bool           // capitalised name of unknown type, resolved later by alias
	guess      EntityType     // type to use when no alias resolves an unresolved span
	city       bool           // a one-word place from the city list: a surname when the document says so
	aliasOnly  bool           // an ordinary word (Trump, Frank): a name only if the document names it in full
	generic    bool           // people named by no individual name (Americans, the President): not a speaker or topic
	gazKind    gazetteer.Kind // the gazetteer reading it was named by (Country: may stand for its government or team, metonymy.go)
	asOrg      bool           // this mention stands for an organisation (Mention.As), metonymy.go
}

type paraTokens struct {
	text     string // the paragraph, valid UTF-8 (see validText): tokens are substrings of it
	runes    []rune // text as code points, decoded once
	toks     []token
	headline bool // title case: capitalisation says nothing
}

// entityRecognizer holds the per-call state of entity recognition; it is
// created for each Analyze call so that Analyze shares nothing mutable.
type entityRecognizer struct {
	gz    *gazetteer.Table
	paras []paraTokens
	spans []span
	// demonyms counts demonym uses by the place they name (Afghan ->
	// Afghanistan), for topics.
	demonyms map[string]int
	// demSpans are the demonym mentions (Uzbek, Afghan): reported as misc
	// entities, not places, since they name a people or an adjective.
	demSpans []span
}

func newRecognizer(gz *gazetteer.Table, paras []paraTokens) *entityRecognizer {
	// about one span per name word: room for them up front rather than an
	// array at every doubling (a span is ~90 bytes)
	names := 0
	for _, pt := range paras {
		for _, t := range pt.toks {
			if t.name {
				names++
			}
		}
	}
	return &entityRecognizer{gz: gz, paras: paras, demonyms: map[string]int{}, spans: make([]span, 0, names+4)}
}

// surface returns the text covered by tokens [i, j) of paragraph p: a
// substring of the paragraph, so it costs no allocation.
func (r *entityRecognizer) surface(p, i, j int) string {
	pt := &r.paras[p]
	return pt.text[pt.toks[i].B : pt.toks[j-1].B+len(pt.toks[j-1].T)]
}

func isHeadline(toks []token) bool {
	// A first pass without lookups settles most paragraphs: a lowercase
	// word longer than any small word rules out title case, and unless
	// acronyms make up most of the words that are surely counted, the
	// text is not shouted either.
	sure, allCaps := 0, 0
	lowerLong := false
	for i := range toks {
		t := &toks[i]
		if t.Kind != tokWord {
			continue
		}
		if len(t.T) >= 3 && isAcronym(t.T) {
			allCaps++
		}
		if len(t.T) <= headlineSmallLen {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.T)
		if !unicode.IsLetter(r) {
			continue
		}
		sure++
		if !unicode.IsUpper(r) {
			lowerLong = true
		}
	}
	if lowerLong && allCaps*10 < sure*6 {
		return false // below: lower > 0 and words >= sure
	}
	words, lower := 0, 0
	for i := range toks {
		t := &toks[i]
		if t.Kind != tokWord {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.T)
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.IsUpper(r) {
			// lower-casing is needed only for words as short as the
			// small words
			if len(t.T) <= headlineSmallLen && inLower(headlineSmall, t.T) {
				continue
			}
			words++
			continue
		}
		if len(t.T) <= headlineSmallLen && headlineSmall[t.T] {
			continue
		}
		words++
		lower++
	}
	if words >= 3 && lower == 0 {
		return true
	}
	// SHOUTED TEXT: capitals say nothing either
	return words >= 4 && allCaps*10 >= words*6
}

// headlineSmall are the short words a title-cased headline leaves in
// lower case.
var headlineSmall = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "by": true, "with": true, "from": true,
	"as": true, "vs": true, "vs.": true, "via": true, "into": true, "over": true, "up": true, "off": true,
	"out": true, "is": true, "'s": true, "’s": true, "after": true, "amid": true, "about": true,
}

// headlineSmallLen is the length in bytes of the longest of headlineSmall:
// a longer word need not be looked up (isHeadline asks about every word).
var headlineSmallLen = func() int {
	n := 0
	for w := range headlineSmall {
		n = max(n, len(w))
	}
	return n
}()

// sentenceInitial reports whether token i opens its sentence (possibly after
// an opening quote or bracket).
func sentenceInitial(toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if toks[k].sent != toks[i].sent {
			return true
		}
		if toks[k].Kind == tokQuote || toks[k].T == "(" || toks[k].T == "[" || toks[k].T == "—" || toks[k].T == "-" || toks[k].T == ":" {
			continue
		}
		return false
	}
	return true
}

// nameWord reports a capitalised word or acronym that is not a known
// non-name (a weekday, "I") nor a small word of headlines, or a plural
// group name. newParas stores it in each token's name flag once, as the
// scan asks about most tokens several times.
func nameWord(t *token) bool {
	if t.Kind != tokWord {
		return false
	}
	if c := t.T[0]; 'a' <= c && c <= 'z' {
		// most words: neither capitalised nor an acronym, and no group
		// name starts in lower case
		return false
	}
	if t.in(inGroupNames) {
		return true
	}
	// a word longer than the small words does not lower-case to one (no
	// upper-case letter outside ASCII lower-cases into a small word's)
	if t.in(inNonNames) || len(t.T) <= headlineSmallLen && inLower(headlineSmall, t.T) && !isAcronym(t.T) {
		return false
	}
	return isCapitalised(t.T) || isAcronym(t.T)
}

// recognize finds the spans of every paragraph, then resolves aliases.
func (r *entityRecognizer) recognize() {
	for p := range r.paras {
		r.scanParagraph(p)
	}
	r.resolve()
	r.metonymy()
}

func (r *entityRecognizer) scanParagraph(p int) {
	pt := &r.paras[p]
	toks := pt.toks
	for i := 0; i < len(toks); {
		if toks[i].Kind != tokWord {
			i++
			continue
		}
		// gazetteer names that start lowercase (al-Qaeda) or span connectors
		// (Bosnia and Herzegovina) are matched before capitalised runs.
		if n, e, ok := r.gazMatch(p, i, len(toks), 2); ok {
			if end, team := r.teamName(p, i, len(toks)); team {
				r.spans = append(r.spans, span{para: p, ti: i, tj: end, typ: Organization, strong: true})
				i = end
				continue
			}
			r.emitGaz(p, i, i+n, e)
			i += n
			continue
		}
		if !toks[i].name {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].sent == toks[i].sent {
			if toks[j].name {
				j++
				continue
			}
			if toks[j].Kind == tokWord && toks[j].in(inNameConnectors) && j+1 < len(toks) && toks[j+1].name &&
				toks[j+1].sent == toks[i].sent && !(toks[j].T == "the" && toks[j-1].T != "of") {
				j++
				continue
			}
			break
		}
		r.classifyRun(p, i, j)
		i = j
	}
}

// gazMatch finds the longest gazetteer name of at least min words starting
// at token i (and ending before limit).
func (r *entityRecognizer) gazMatch(p, i, limit, minN int) (int, gazetteer.Entry, bool) {
	toks := r.paras[p].toks
	maxN := r.gz.MaxWords(toks[i].T)
	if maxN < minN {
		return 0, gazetteer.Entry{}, false
	}
	for n := min(maxN, limit-i); n >= minN; n-- {
		if toks[i+n-1].Kind == tokQuote {
			continue
		}
		e, ok := toks[i].lookup(r.gz) // a name of one word is the token's own
		if n > 1 {
			e, ok = r.gz.Lookup(r.surface(p, i, i+n))
		}
		if ok && e.Kind&^gazetteer.FirstName != 0 {
			return n, e, true
		}
	}
	return 0, gazetteer.Entry{}, false
}

func gazType(e gazetteer.Entry) (EntityType, gazetteer.Kind, bool) {
	switch {
	case e.Kind&gazetteer.Org != 0:
		return Organization, gazetteer.Org, true
	case e.Kind&gazetteer.Country != 0:
		return Place, gazetteer.Country, true
	case e.Kind&gazetteer.Place != 0:
		return Place, gazetteer.Place, true
	}
	return "", 0, false
}

func (r *entityRecognizer) emitGaz(p, i, j int, e gazetteer.Entry) {
	typ, k, ok := gazType(e)
	if !ok {
		if e.Kind&gazetteer.Demonym != 0 {
			r.noteDemonym(p, i, j, e)
		}
		return
	}
	s := r.surface(p, i, j)
	toks := r.paras[p].toks
	if j < len(toks) && toks[j].T == "$" && toks[j].S == toks[j-1].E {
		return // US$, C$: a currency
	}
	city := k == gazetteer.Place && j-i == 1 && e.Kind&(gazetteer.Country|gazetteer.Org) == 0
	r.spans = append(r.spans, span{para: p, ti: i, tj: j, typ: typ, canon: e.Canonical(s, k), strong: true, city: city, gazKind: k})
}

// classifyRun turns a run of capitalised words [i, j) into mentions.
func (r *entityRecognizer) classifyRun(p, i, j int) {
	pt := &r.paras[p]
	toks := pt.toks
	// leading sentence-initial ordinary word ("Earlier", "The", "Police")
	for i < j && sentenceInitial(toks, i) {
		t := toks[i].T
		if toks[i].known(r.gz) {
			break
		}
		if _, ok := r.groupPlural(t); ok {
			break
		}
		if toks[i].in(inNonNames) || sentenceStarters[t] || len(t) <= headlineSmallLen && inLower(headlineSmall, t) {
			i++
			continue
		}
		if toks[i].in(inPersonTitles) && i+1 < j {
			break // "Professor Burrows said"
		}
		// an ordinary word opening a sentence is capitalised for that
		// reason alone, unless an organisation or place suffix shows it
		// starts a longer name ("Civic Party", "Supreme Court")
		if toks[i].isWordy(r.gz) && (r.suffixAt(toks, i+1, j, inOrgSuffixes) < 0 && r.suffixAt(toks, i+1, j, inPlaceSuffixes) < 0) {
			i++
			continue
		}
		break
	}
	personCue := false
	titleStart := i
	k := i
	for k < j {
		t := toks[k].T
		if toks[k].in(inNameConnectors) || toks[k].Kind != tokWord {
			k++
			continue
		}
		if pt.headline {
			// capitalisation carries no information in a headline: only names
			// the gazetteer knows count; aliases are resolved later.
			if e, ok := toks[k].lookup(r.gz); ok && e.Kind&gazetteer.FirstName != 0 && !toks[k].isWordy(r.gz) && k+1 < j && r.surnameLike(&toks[k+1]) && !toks[k+1].isWordy(r.gz) {
				if !toks[k+1].known(r.gz) {
					// a first name and an unknown surname read as a
					// person even in title case ("Image: Nick Moreau")
					r.spans = append(r.spans, span{para: p, ti: k, tj: k + 2, typ: Person, strong: true})
					k += 2
					continue
				}
			}
			if n, e, ok := r.gazMatch(p, k, j, 1); ok {
				r.emitGaz(p, k, k+n, e)
				k += n
				continue
			}
			if !toks[k].isWordy(r.gz) && !toks[k].in(inNonNames) {
				r.spans = append(r.spans, span{para: p, ti: k, tj: k + 1, unresolved: true})
			}
			k++
			continue
		}
		// multi-word gazetteer names first (United States, Moscow Times)
		if n, e, ok := r.gazMatch(p, k, j, 2); ok {
			r.emitGaz(p, k, k+n, e)
			k += n
			personCue = false
			continue
		}
		if m := r.suffixAt(toks, k, j, inEventSuffixes); m >= 0 {
			// an event or a law is not an entity we type, but the places
			// it names are ("Vietnam War", "Taipei Lantern Festival")
			for x := k; x < m; {
				if n, e, ok := r.gazMatch(p, x, m, 1); ok && e.Kind&(gazetteer.Country|gazetteer.Place) != 0 && e.Kind&gazetteer.FirstName == 0 {
					r.emitGaz(p, x, x+n, e)
					x += n
					continue
				}
				x++
			}
			k = m + 1
			personCue = false
			continue
		}
		// organisation suffix anywhere further on ("Russian Foreign Ministry")
		m := r.suffixAt(toks, k, j, inOrgSuffixes)
		if m >= 0 && r.splitBeforeOf(p, &k, m, &personCue) {
			continue // "Alvin Yeung of Civic Party": the name, then the party
		}
		if m >= 0 {
			start := k
			// a leading demonym or country belongs to the name only for
			// organisations whose name reads so ("Russian Orthodox Church"),
			// which we cannot tell; keep it as part of the name.
			end := r.extendOf(toks, m+1, j)
			if end-start == 1 && toks[start].isWordy(r.gz) && !(start > 0 && toks[start-1].T == "the" && !sentenceInitial(toks, start)) {
				k = end
				continue // "Police", "Congress" alone: common nouns capitalised
			}
			r.spans = append(r.spans, span{para: p, ti: start, tj: end, typ: Organization, strong: true})
			k = end
			personCue = false
			continue
		}
		if m := r.suffixAt(toks, k, j, inPlaceSuffixes); m >= 0 {
			// a building or facility is a place ("Kennedy Space Center",
			// "Museum of Flight"), but a centre for something is an
			// organisation ("Center for Science and Culture")
			typ := Place
			end := r.extendOf(toks, m+1, j)
			if facilityOrg[toks[m].T] && m+2 < j && toks[m+1].T == "for" {
				typ, end = Organization, j
			}
			if m > k || end > m+1 && facilityOf[toks[m].T] {
				r.spans = append(r.spans, span{para: p, ti: k, tj: end, typ: typ, strong: true})
				k = end
				continue
			}
		}
		if placePrefixes[t] && k+1 < j && toks[k+1].name && !toks[k].in(inPersonTitles) {
			end := k + 2
			for end < j && toks[end].name && !toks[end].in(inPersonTitles) {
				end++
			}
			r.spans = append(r.spans, span{para: p, ti: k, tj: end, typ: Place, strong: true})
			k = end
			continue
		}
		if place, ok := r.groupPlural(t); ok && (k+1 >= j || !toks[k+1].name) {
			// "Americans", "the Palestinians": people, as a group; the
			// demonym still counts towards its place for topics
			if place != "" {
				r.demonyms[place]++
			}
			r.spans = append(r.spans, span{para: p, ti: k, tj: k + 1, typ: Person, strong: true, generic: true})
			k++
			personCue = false
			continue
		}
		if end, ok := r.teamName(p, k, j); ok {
			r.spans = append(r.spans, span{para: p, ti: k, tj: end, typ: Organization, strong: true})
			k = end
			personCue = false
			continue
		}
		if e, ok := toks[k].lookup(r.gz); ok && e.Kind&gazetteer.Demonym != 0 && e.Kind&(gazetteer.Org|gazetteer.Country|gazetteer.Place) == 0 {
			r.noteDemonym(p, k, k+1, e)
			k++
			continue
		}
		if toks[k].in(inPersonTitles) {
			if !personCue {
				titleStart = k
			}
			personCue = true
			k++
			if k >= j && headTitles[t] && titleStart > 0 && titleLeads[toks[titleStart-1].T] {
				// "the President", "Mr. President", "the Home Secretary":
				// a title standing for its holder
				r.spans = append(r.spans, span{para: p, ti: titleStart, tj: k, typ: Person, strong: true, generic: true})
				continue
			}
			// "Minister of Defence", "President of France"
			for k+1 < j && toks[k].T == "of" {
				k++
				if toks[k].T == "the" {
					k++
				}
				if k < j {
					if n, e, ok := r.gazMatch(p, k, j, 1); ok {
						r.emitGaz(p, k, k+n, e)
						k += n
					} else if toks[k].isWordy(r.gz) {
						k++
					}
				}
			}
			continue
		}
		// an ordinary capitalised word before a country names an
		// organisation ("Environment Canada", "Team Estonia", "Air
		// France"), unless it is a direction ("Southern Russia")
		if k+1 < j && toks[k].isWordy(r.gz) && !directionWords[t] && !toks[k].in(inPersonTitles) {
			if e, ok := toks[k+1].lookup(r.gz); ok && e.Kind&gazetteer.Country != 0 && (k+2 >= j || toks[k+2].Kind != tokWord || !toks[k+2].name) {
				r.spans = append(r.spans, span{para: p, ti: k, tj: k + 2, typ: Organization})
				k += 2
				personCue = false
				continue
			}
		}
		// a single known name (country, city, organisation) unless it
		// starts a person's name ("Jordan Peterson")
		if e, ok := toks[k].lookup(r.gz); ok && e.Kind&^gazetteer.FirstName != 0 {
			next := k + 1
			// after a person's title a town's name is a surname
			// ("President Obama", "Senator Warren")
			titled := personCue && k > 0 && toks[k-1].in(inPersonTitles) && !titleModifiers[toks[k-1].T] &&
				e.Kind&(gazetteer.Country|gazetteer.Org) == 0
			if !titled && !(e.Kind&gazetteer.FirstName != 0 && next < j && r.surnameLike(&toks[next])) {
				r.emitGaz(p, k, k+1, e)
				k++
				personCue = false
				continue
			}
		}
		if compassRegions[t] && k+1 == j && k > 0 && (toks[k-1].T == "the" || toks[k-1].T == "The") {
			// "the West", "the Midwest": a region
			r.spans = append(r.spans, span{para: p, ti: k, tj: k + 1, typ: Place, strong: true})
			k++
			continue
		}
		// the rest up to the next known name or title is a name of unknown
		// kind: a person when cued or when it reads like one
		end := k + 1
		for end < j {
			te := toks[end].T
			if toks[end].in(inPersonTitles) && !r.surnameLike(&toks[end]) {
				break
			}
			if te == "of" || te == "for" || te == "&" || te == "on" || te == "the" {
				break // "Gary Chan of DAB": a name, then what it belongs to
			}
			if e, ok := toks[end].lookup(r.gz); ok && e.Kind&^gazetteer.FirstName != 0 && e.Kind&gazetteer.FirstName == 0 {
				// a town's name right after a first name is a surname
				// ("Daniel Montalvo", "Frank Messina")
				fe, _ := toks[k].lookup(r.gz)
				surname := end == k+1 && fe.Kind&gazetteer.FirstName != 0 && e.Kind&(gazetteer.Country|gazetteer.Org|gazetteer.Demonym) == 0
				if !surname {
					break
				}
			}
			end++
		}
		for end > k+1 && toks[end-1].in(inNameConnectors) {
			end--
		}
		r.classifyName(p, k, end, personCue)
		personCue = false
		k = end
	}
}

// splitBeforeOf handles a run such as "Alvin Yeung of Civic Party" whose
// organisation suffix lies after an "of" that does not follow a suffix or a
// title ("Bank of England", "Minister of Defence" keep theirs): the words
// before "of" are classified on their own and k moves past the "of".
func (r *entityRecognizer) splitBeforeOf(p int, k *int, m int, personCue *bool) bool {
	toks := r.paras[p].toks
	for o := *k + 1; o < m; o++ {
		if toks[o].T != "of" {
			continue
		}
		if toks[o-1].in(inOrgSuffixes | inPlaceSuffixes | inPersonTitles | inEventSuffixes) {
			return false
		}
		r.classifyName(p, *k, o, *personCue)
		*personCue = false
		*k = o + 1
		if *k < len(toks) && toks[*k].T == "the" {
			*k++
		}
		return true
	}
	return false
}

// suffixAt returns the index of the last token in [k, j) in the lists l, or
// -1. The search stops at a person title after a name word, so that
// "NATO Secretary General Jens" does not reach across two names.
func (r *entityRecognizer) suffixAt(toks []token, k, j int, l wordList) int {
	found := -1
	for x := k; x < j; x++ {
		if toks[x].in(l) {
			found = x
		}
	}
	return found
}

// extendOf extends a name ending before m with "of X" ("University of
// Toronto", "Gulf of Mexico").
func (r *entityRecognizer) extendOf(toks []token, m, j int) int {
	end := m
	if end < j && toks[end].T == "of" {
		x := end + 1
		if x < j && toks[x].T == "the" {
			x++
		}
		y := x
		for y < j && (toks[y].Kind == tokWord && (isCapitalised(toks[y].T) || isAcronym(toks[y].T))) && !toks[y].in(inPersonTitles) {
			y++
		}
		if y > x {
			end = y
		}
	}
	return end
}

// surnameLike reports a capitalised word that is not an ordinary word and
// not a known place or organisation: the second word of a person's name.
func (r *entityRecognizer) surnameLike(t *token) bool {
	if s := t.T; !isCapitalised(s) || t.in(inNonNames) || t.in(inPersonTitles) {
		return false
	}
	if e, ok := t.lookup(r.gz); ok && e.Kind&(gazetteer.Country|gazetteer.Org|gazetteer.Demonym) != 0 {
		return false
	}
	return true
}

// classifyName decides the type of a capitalised name [i, j) that no
// gazetteer entry or suffix explained.
func (r *entityRecognizer) classifyName(p, i, j int, personCue bool) {
	toks := r.paras[p].toks
	n := j - i
	first := toks[i].T
	if n == 1 && isAcronym(first) && !personCue {
		if !r.shoutedWord(first) && !productCode(first) && !commonAcronyms[strings.TrimLeft(first, "0123456789")] && len(first) <= 10 {
			r.spans = append(r.spans, span{para: p, ti: i, tj: j, typ: Organization})
		}
		return
	}
	if personCue {
		r.spans = append(r.spans, span{para: p, ti: i, tj: j, typ: Person, strong: true})
		return
	}
	wordy := 0
	for x := i; x < j; x++ {
		if toks[x].isWordy(r.gz) {
			wordy++
		}
	}
	fe, _ := toks[i].lookup(r.gz)
	firstName := fe.Kind&gazetteer.FirstName != 0
	if n >= 2 && n <= 4 && (firstName || wordy == 0) && !isAcronym(toks[j-1].T) && !(len(first) >= 3 && isAcronym(first) && !strings.Contains(first, ".")) {
		// ("JPL Stardust" is not a person: a name opens with initials
		// of at most two letters, "AS Heagle", or dotted ones, "O.J. Simpson")
		r.spans = append(r.spans, span{para: p, ti: i, tj: j, typ: Person, strong: firstName})
		return
	}
	for x := i + 1; x+1 < j && n >= 3; x++ {
		// "Scientologist Tom Cruise": a first name inside the run starts the person
		if e, ok := toks[x].lookup(r.gz); ok && e.Kind == gazetteer.FirstName && r.surnameLike(&toks[x+1]) {
			r.spans = append(r.spans, span{para: p, ti: x, tj: j, typ: Person})
			return
		}
	}
	if n >= 2 && wordy == n {
		return // "Related Article", "Robot Olympics": capitalised phrase, type unknown
	}
	if n == 1 {
		if toks[i].isWordy(r.gz) {
			if !sentenceInitial(toks, i) {
				r.spans = append(r.spans, span{para: p, ti: i, tj: j, unresolved: true, aliasOnly: true})
			}
			return
		}
		if firstName && !toks[i].isWordy(r.gz) && fe.Kind == gazetteer.FirstName {
			// a first name alone ("Gloria", "Isabel"), unless the document
			// uses it as part of another name (resolved later)
			r.spans = append(r.spans, span{para: p, ti: i, tj: j, unresolved: true, guess: Person})
			return
		}
		r.spans = append(r.spans, span{para: p, ti: i, tj: j, unresolved: true})
		return
	}
	r.spans = append(r.spans, span{para: p, ti: i, tj: j, unresolved: true})
}

// productCode reports capitals followed by digits, the shape of product,
// model and version names ("IE6", "MP500T", "BEL20"); call signs of radio
// stations open with their digit ("6PR") and stay names.
func productCode(t string) bool {
	return t != "" && t[0] >= 'A' && t[0] <= 'Z' && strings.ContainsAny(t, "0123456789")
}

// shoutedWord reports an acronym that is a common English word in capitals
// ("ALL of the people", "UNLESS", "a HUGE collector"), not a name; rarer
// words stay names ("DAB", "ERO").
func (r *entityRecognizer) shoutedWord(t string) bool {
	if len(t) < 3 {
		return false
	}
	rank := r.gz.Rank(strings.ToLower(t))
	return rank > 0 && rank <= 2000
}

// foreignFunctionWords are articles, pronouns and prepositions of the
// other languages verso meets most (French, Spanish, Portuguese, Italian,
// German, Dutch), lower-cased: capitalised at a sentence's start they
// look like names to English rules ("Le séisme", "Les autorités", "Eine
// Einführung").
var foreignFunctionWords = map[string]bool{
	"le": true, "la": true, "les": true, "un": true, "une": true, "des": true, "du": true, "de": true,
	"et": true, "en": true, "au": true, "aux": true, "dans": true, "pour": true, "par": true, "sur": true,
	"avec": true, "ce": true, "cette": true, "ces": true, "il": true, "elle": true, "ils": true, "elles": true,
	"nous": true, "vous": true, "el": true, "los": true, "las": true, "lo": true, "una": true, "unos": true,
	"unas": true, "del": true, "al": true, "con": true, "por": true, "para": true, "sin": true, "sobre": true,
	"su": true, "sus": true, "os": true, "um": true, "uma": true, "do": true, "da": true, "dos": true,
	"das": true, "no": true, "na": true, "nos": true, "nas": true, "em": true, "com": true, "der": true,
	"die": true, "den": true, "dem": true, "ein": true, "eine": true, "einer": true, "eines": true,
	"einem": true, "zur": true, "zum": true, "und": true, "von": true, "mit": true, "für": true, "auf": true,
	"im": true, "gli": true, "della": true, "delle": true, "dei": true, "di": true, "het": true, "een": true,
	"van": true, "ne": true, "pas": true, "qui": true, "que": true, "es": true, "est": true, "ist": true,
	"selon": true, "chez": true, "sous": true, "vers": true, "entre": true, "depuis": true, "contre": true,
	"après": true, "avant": true, "según": true, "desde": true,
}

// foreignNames returns a copy of spans without the names that English
// rules made of another language's function words: a name the gazetteer
// knows stays ("Rio de Janeiro", "Los Angeles"), one opening with such a
// word ("Les", "Eine Einführung", "Selon Le Monde") or with an elided
// article ("L’Airbus A350") goes.
func (r *entityRecognizer) foreignNames(spans []span) []span {
	out := make([]span, 0, len(spans))
	for _, s := range spans {
		if s.gazKind == 0 && r.opensWithFunctionWord(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// opensWithFunctionWord reports a name whose first word is a foreign
// function word or an elided article. Only the first word counts: "Le"
// and "Les" open sentences, while "de" and "van" also sit inside names
// ("Charles de Gaulle"). A name that opens with one ("Le Pen", "Van Gogh
// Museum") is lost with the articles' "Le Parlement", "La Commission":
// fewer names, none wrong.
func (r *entityRecognizer) opensWithFunctionWord(s span) bool {
	first := r.paras[s.para].toks[s.ti].T
	if isAcronym(first) { // OS X is no "os"
		return false
	}
	w := strings.ToLower(first)
	return foreignFunctionWords[w] || strings.HasPrefix(w, "l’") || strings.HasPrefix(w, "l'") ||
		strings.HasPrefix(w, "d’") || strings.HasPrefix(w, "d'")
}

// resolve gives every span its canonical name: person mentions take the
// longest full name in the document that ends (or starts) with them,
// unresolved single names take the type of a known name they abbreviate,
// and the rest are decided from context or dropped.
func (r *entityRecognizer) resolve() {
	// a name its context describes ("the band Deadsy", "Caloi, a bicycle
	// maker,", "Vendorado is a developer") takes the type described; other
	// mentions of it follow through the aliasing below
	for n := range r.spans {
		s := &r.spans[n]
		if s.strong || r.paras[s.para].headline {
			continue
		}
		if t, ok := describedType(r.paras[s.para].toks, s.ti, s.tj); ok {
			s.typ, s.unresolved, s.aliasOnly, s.strong = t, false, false, true
		}
	}
	// a guessed two-word person whose first word is the surname of a person
	// named in full is that person and a thing of theirs ("Warhol
	// Polaroids", "the Warhol Factory"): the mention shrinks to the surname
	// (the surnames are those of strong spans, which this loop leaves
	// alone, so they are gathered once)
	var surnames map[string]bool
	for n := range r.spans {
		s := &r.spans[n]
		if s.typ != Person || s.strong || s.unresolved || s.tj-s.ti != 2 {
			continue
		}
		if surnames == nil {
			surnames = map[string]bool{}
			for _, o := range r.spans {
				if o.typ == Person && o.strong && o.tj-o.ti >= 2 && !o.unresolved {
					surnames[r.paras[o.para].toks[o.tj-1].T] = true
				}
			}
		}
		if surnames[r.paras[s.para].toks[s.ti].T] {
			s.tj = s.ti + 1
		}
	}
	// full person names by their last word and first word
	bySurname := map[string]string{}
	// surface -> the type and canonical name of a resolved span with that
	// surface; sized for the article's names, most of which recur
	known := make(map[string]knownName, len(r.spans)/2)
	// every full person name, also those bySurname keeps no entry for (a
	// mother and a daughter share a surname, but not a first name)
	fullNames := map[string]bool{}
	titled := map[string]bool{}
	for _, s := range r.spans {
		if s.unresolved {
			continue
		}
		surf := r.surface(s.para, s.ti, s.tj)
		if _, ok := known[surf]; !ok || s.strong {
			known[surf] = knownName{s.typ, s.canon}
		}
		if s.typ == Person && s.tj-s.ti >= 2 {
			last := r.paras[s.para].toks[s.tj-1].T
			full := surf
			if prev, ok := bySurname[last]; !ok || len(full) > len(prev) {
				bySurname[last] = full
			}
			fullNames[full] = true
		}
		if s.typ == Person && s.tj-s.ti == 1 && s.strong && !s.generic {
			// a surname alone, known as a person by its title ("President
			// Obama"): where a town has the name, it is still this person
			titled[surf] = true
		}
	}
	// first names of people named in full, when only one person has it
	byFirst := map[string]string{}
	for full := range fullNames {
		first, ok := firstOfSeveral(full)
		if !ok {
			continue
		}
		if prev, ok := byFirst[first]; ok && prev != full {
			byFirst[first] = "" // ambiguous
			continue
		}
		byFirst[first] = full
	}
	// acronyms of organisations and places named in full (World Health
	// Organization -> WHO)
	acronyms := map[string]knownName{} // canon never empty: the full name's surface at least
	var ambiguous []string
	for surf, k := range known {
		if k.typ == Organization || k.typ == Place {
			if a := acronymOf(surf); len(a) >= 2 {
				if k.canon == "" {
					k.canon = surf
				}
				if prev, ok := acronyms[a]; ok && prev != k {
					ambiguous = append(ambiguous, a)
				}
				acronyms[a] = k
			}
		}
	}
	// Two names with the same initials (South Africa, South America): the
	// acronym stands for neither, rather than for whichever the map gave
	// last, which made the analysis differ from run to run.
	for _, a := range ambiguous {
		delete(acronyms, a)
	}
	out := r.spans[:0]
	for _, s := range r.spans {
		surf := r.surface(s.para, s.ti, s.tj)
		if k := acronyms[surf]; !s.unresolved && !s.strong && s.typ == Organization && k.typ == Place && s.tj-s.ti == 1 {
			// a guessed organisation that abbreviates a place named in
			// full: "Johnson Space Center (JSC)"
			s.typ, s.canon = Place, k.canon
		}
		if s.unresolved {
			toks := r.paras[s.para].toks
			switch {
			case bySurname[surf] != "":
				s.typ, s.canon = Person, bySurname[surf]
			case byFirst[surf] != "":
				s.typ, s.canon = Person, byFirst[surf]
			case s.aliasOnly:
				continue
			case known[surf].typ != "":
				k := known[surf]
				s.typ, s.canon = k.typ, k.canon
			case acronyms[surf].typ != "":
				k := acronyms[surf]
				s.typ, s.canon = k.typ, k.canon
			case s.guess != "" && !r.paras[s.para].headline:
				s.typ = s.guess
			default:
				t, ok := contextType(toks, s.ti, s.tj)
				if !ok {
					t, ok = shapeType(toks, s.ti, s.tj)
				}
				if !ok || r.paras[s.para].headline {
					continue
				}
				s.typ = t
			}
			s.unresolved = false
		}
		if s.city && (bySurname[surf] != "" || titled[surf] || leadsOffice(r.paras[s.para].toks, s.tj)) {
			s.typ, s.canon = Person, "" // Obama, Messina: the document names a person so
		}
		if s.typ == Person {
			toks := r.paras[s.para].toks
			if full := bySurname[toks[s.tj-1].T]; full != "" && s.canon == "" && strings.HasSuffix(full, surf) {
				s.canon = full
			}
		}
		if s.canon == "" {
			s.canon = surf
		}
		out = append(out, s)
	}
	r.spans = out
}

// leadsOffice reports a name followed by a word for the office its holder
// runs ("the Obama administration"): a person's name, even when a town
// has it too. Not "campaign": the Gallipoli campaign was fought there.
func leadsOffice(toks []token, j int) bool {
	if j >= len(toks) {
		return false
	}
	switch toks[j].T {
	case "administration", "presidency":
		return true
	}
	return false
}

// knownName is what resolve keeps of a resolved span to name others by:
// its type and proposed canonical name, not the whole span.
type knownName struct {
	typ   EntityType
	canon string
}

// contextType guesses the type of a lone unknown name from its neighbours:
// "in X" is a place, "X said" a person.
func contextType(toks []token, i, j int) (EntityType, bool) {
	if i > 1 && toks[i-2].T == "according" && toks[i-1].T == "to" {
		return Person, true
	}
	if i > 0 && (toks[i-1].T == "said" || toks[i-1].T == "says") {
		return Person, true // "..., said Mauer"
	}
	if strings.HasSuffix(toks[i].T, "ology") && j == i+1 {
		return Organization, true // "from Scientology": a body, not a place
	}
	if i > 1 && toks[i-1].T == "of" && placeNouns[strings.ToLower(toks[i-2].T)] {
		return Place, true // "the village of Cosham"
	}
	if j+1 < len(toks) && toks[j].T == "," && gzPlaceLike(toks[j+1].T) && (i == 0 || toks[i-1].T != ",") {
		return Place, true // "Senlis, Oise", "Mouchak, Gazipur"
	}
	if i > 0 {
		switch toks[i-1].T {
		case "in", "from", "near", "across", "outside", "inside", "to", "at", "In", "From", "Near":
			return Place, true
		}
	}
	if j < len(toks) {
		switch toks[j].T {
		case "said", "says", "told", "added", "explained", "asked", "wrote", "replied", "argued", "insisted", "thinks", "believes":
			return Person, true
		}
	}
	if isAcronym(toks[i].T) {
		return Organization, true
	}
	if v := agentVerbAfter(toks, j); v >= 0 && personVerbs[toks[v].T] {
		return Person, true // "Gorbachev also proposed", "Hill has insisted"
	}
	return "", false
}

// personVerbs are the agent verbs (metonymy.go) that take a person for
// subject far more often than a body: speaking and promising, not firing,
// winning or signing.
var personVerbs = setOf(`agreed agrees proposed proposes insisted insists vowed vows promised promises
urged urges warned warns denied denies claimed claims accused accuses`)

// acronymOf returns the initials of a multi-word name's capitalised words.
// It reads the words in place (strings.FieldsSeq, utf8.DecodeRuneInString)
// rather than splitting s into new slices.
func acronymOf(s string) string {
	var b strings.Builder
	n := 0
	for w := range strings.FieldsSeq(s) {
		n++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	if n < 2 {
		return ""
	}
	return b.String()
}

// firstOfSeveral returns the first of the words of s (as strings.Fields
// splits it) and whether there are two or more, without splitting s.
func firstOfSeveral(s string) (first string, ok bool) {
	for w := range strings.FieldsSeq(s) {
		if first != "" {
			return first, true
		}
		first = w
	}
	return first, false
}

// entities groups the spans into Entities with mentions, most mentioned
// first, in a slice with room for extra more.
func (r *entityRecognizer) entities(extra int) []Entity {
	// entities by name: idx gives the first entity of a name and next the
	// next one of the same name with another type (rare: a name read as a
	// place and as an organisation), which saves hashing a (name, type)
	// pair for every span
	idx := make(map[string]int, len(r.spans))
	ent := make([]int, len(r.spans)) // span -> entity
	var first, next, count []int     // entity -> its first span, the next of its name, its mentions
	for n, s := range r.spans {
		i, ok := idx[s.canon]
		last := -1
		for ; ok && i >= 0 && r.spans[first[i]].typ != s.typ; i = next[i] {
			last = i
		}
		if !ok || i < 0 {
			i = len(first)
			if last >= 0 {
				next[last] = i
			} else {
				idx[s.canon] = i
			}
			first, next, count = append(first, n), append(next, -1), append(count, 0)
		}
		ent[n] = i
		count[i]++
	}
	// the entities, in the order of their first mention, in an array of
	// their number rather than one grown by appends
	out := make([]Entity, len(first), len(first)+extra)
	for i, n := range first {
		out[i] = Entity{Name: r.spans[n].canon, Type: r.spans[n].typ}
	}
	mentions := make([]Mention, len(r.spans))
	for i := range out {
		out[i].Mentions, mentions = mentions[:0:count[i]], mentions[count[i]:]
	}
	for n, s := range r.spans {
		i := ent[n]
		toks := r.paras[s.para].toks
		text := r.surface(s.para, s.ti, s.tj)
		m := Mention{Paragraph: s.para, Start: toks[s.ti].S, End: toks[s.tj-1].E, Text: text}
		if s.asOrg && s.typ != Organization {
			m.As = Organization
		}
		out[i].Mentions = append(out[i].Mentions, m)
		if text != s.canon && !contains(out[i].Aliases, text) {
			out[i].Aliases = append(out[i].Aliases, text)
		}
	}
	// Entities are appended in the order of their first mention, so a
	// stable sort by mention count leaves ties in first-mention order.
	slices.SortStableFunc(out, func(a, b Entity) int { return len(b.Mentions) - len(a.Mentions) })
	for i := range out {
		// slices.SortFunc runs the same pdqsort as sort.Slice did, without
		// the reflection-based swapper it allocates
		slices.SortFunc(out[i].Mentions, func(a, b Mention) int {
			if a.Paragraph != b.Paragraph {
				return a.Paragraph - b.Paragraph
			}
			return a.Start - b.Start
		})
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (r *entityRecognizer) noteDemonym(p, i, j int, e gazetteer.Entry) {
	s := r.surface(p, i, j)
	r.demonyms[e.Canonical(s, gazetteer.Demonym)]++
	r.demSpans = append(r.demSpans, span{para: p, ti: i, tj: j, typ: Misc, canon: s})
}

// demonymEntities returns the demonyms of the body as misc entities (name
// as written, e.g. "Uzbek"), so that readers can see and search them; the
// place they name counts towards topics instead.
func (r *entityRecognizer) demonymEntities() []Entity {
	last := len(r.paras) - 1 // the title paragraph has no offsets
	saved := r.spans
	var body []span
	for _, s := range r.demSpans {
		if s.para != last {
			body = append(body, s)
		}
	}
	r.spans = body
	out := r.entities(0)
	r.spans = saved
	return out
}

// shapeType guesses the type of a lone unknown name from its form, when no
// alias or neighbour tells: inner capitals (LibriVox, YouTube) and -ology
// names read as organisations. Other lone names stay untyped: measured on
// GUM, calling them people or organisations costs more precision than it
// gains recall.
func shapeType(toks []token, i, j int) (EntityType, bool) {
	w := toks[i].T
	rs := []rune(w)
	for k := 1; k < len(rs); k++ {
		if unicode.IsUpper(rs[k]) && unicode.IsLower(rs[k-1]) {
			return Organization, true
		}
	}
	if strings.HasSuffix(w, "ology") {
		return Organization, true
	}
	// "the Bruins", "the Longhorns": a plural name after "the" is a team,
	// band or party, unless it names a people (the Afghans)
	if i > 0 && (toks[i-1].T == "the" || toks[i-1].T == "The") && len(rs) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		if e, ok := gazetteer.Default().Lookup(strings.TrimSuffix(w, "s")); !ok || e.Kind&gazetteer.Demonym == 0 {
			return Organization, true
		}
	}
	return "", false
}

// gzPlaceLike reports a word the gazetteer knows as a country or place, for
// the "Town, Region" pattern.
func gzPlaceLike(w string) bool {
	e, ok := gazetteer.Default().Lookup(w)
	return ok && e.Kind&(gazetteer.Country|gazetteer.Place) != 0
}

// teamName matches a place followed by one or two capitalised words ending
// in a plural ("Boston Bruins", "St. Louis Eagles", "Tampa Bay Devil
// Rays"): the naming pattern of sports teams and of some companies ("Texas
// Instruments"). A plural that ends place names (Islands, Falls, Heights)
// or names a people does not count. It returns the end of the name.
func (r *entityRecognizer) teamName(p, k, j int) (int, bool) {
	toks := r.paras[p].toks
	n, e, ok := r.gazMatch(p, k, j, 1)
	if !ok || e.Kind&(gazetteer.Country|gazetteer.Place) == 0 || e.Kind&gazetteer.Org != 0 {
		return 0, false
	}
	for end := k + n + 1; end <= k+n+2 && end <= len(toks); end++ {
		w := &toks[end-1]
		if !toks[end-1].name || w.in(inPersonTitles|inOrgSuffixes|inPlaceSuffixes|inEventSuffixes) {
			return 0, false
		}
		if w.known(r.gz) {
			return 0, false
		}
		if end < len(toks) && toks[end].name && toks[end].sent == w.sent {
			continue // the name goes on: the plural must end it
		}
		rs := []rune(w.T)
		if len(rs) < 4 || !strings.HasSuffix(w.T, "s") || strings.HasSuffix(w.T, "ss") || strings.HasSuffix(w.T, "us") || strings.HasSuffix(w.T, "is") {
			return 0, false
		}
		if _, group := r.groupPlural(w.T); group {
			return 0, false
		}
		return end, true
	}
	return 0, false
}

// orgNouns, placeKindNouns and personKindNouns are common nouns that say
// what a name is when they stand right before it ("the band Deadsy") or
// head an appositive or a definition after it ("Caloi, a Brazilian bicycle
// maker", "Korn is an American band").
var orgNouns = map[string]bool{
	"band": true, "company": true, "firm": true, "club": true, "team": true, "newspaper": true,
	"magazine": true, "label": true, "party": true, "network": true, "channel": true, "broadcaster": true,
	"airline": true, "carrier": true, "retailer": true, "publisher": true, "agency": true,
	"organization": true, "organisation": true, "charity": true, "studio": true, "brand": true,
	"startup": true, "manufacturer": true, "maker": true, "bank": true, "journal": true, "tabloid": true,
	"daily": true, "weekly": true, "newsletter": true, "group": true, "corporation": true,
	"conglomerate": true, "developer": true, "distributor": true, "chain": true, "operator": true,
	"franchise": true, "union": true, "association": true, "society": true, "foundation": true,
	"institute": true, "university": true, "college": true, "school": true, "orchestra": true,
	"choir": true, "trio": true, "quartet": true, "duo": true, "supergroup": true, "outfit": true,
	"station": false, "regiment": true, "squadron": true, "battalion": true, "brigade": true,
	"militia": true, "faction": true, "movement": true, "coalition": true, "consortium": true,
	"subsidiary": true, "supermarket": true, "store": true, "restaurant": true, "hotel": true,
	"nightclub": true, "venue": true, "website": false, "insurer": true, "automaker": true,
	"carmaker": true, "shipbuilder": true, "builder": true, "producer": false,
}

var placeKindNouns = map[string]bool{
	"town": true, "city": true, "village": true, "municipality": true, "county": true, "river": true,
	"lake": true, "mountain": true, "island": true, "region": true, "province": true, "district": true,
	"suburb": true, "neighbourhood": true, "neighborhood": true, "country": true, "capital": true,
	"hamlet": true, "commune": true, "settlement": true, "township": true, "borough": true,
	"peninsula": true, "archipelago": true, "valley": true, "volcano": true, "state": false,
}

var personKindNouns = map[string]bool{
	"singer": true, "player": true, "actor": true, "actress": true, "politician": true, "writer": true,
	"author": true, "poet": true, "musician": true, "footballer": true, "journalist": true,
	"businessman": true, "businesswoman": true, "lawyer": true, "artist": true, "painter": true,
	"composer": true, "guitarist": true, "drummer": true, "rapper": true, "scientist": true,
	"boxer": true, "cricketer": true, "athlete": true, "swimmer": true, "wrestler": true,
	"priest": true, "bassist": true, "vocalist": true, "novelist": true, "historian": true,
	"philosopher": true, "economist": true, "engineer": true, "architect": true, "entrepreneur": true,
	"comedian": true, "diplomat": true, "songwriter": true, "pianist": true, "violinist": true,
	"physicist": true, "chemist": true, "mathematician": true, "biologist": true, "sculptor": true,
	"photographer": true, "filmmaker": true, "screenwriter": true, "playwright": true, "cyclist": true,
	"golfer": true, "pitcher": true, "quarterback": true, "striker": true, "midfielder": true,
	"defender": true, "goalkeeper": true, "jockey": true, "skier": true, "runner": true,
	"activist": true, "soldier": true, "explorer": true, "inventor": true, "industrialist": true,
	"philanthropist": true, "socialite": true, "dancer": true, "model": false, "man": true, "woman": true,
	"boy": true, "girl": true, "student": true, "teacher": true, "doctor": true, "nurse": true,
}

// kindOfNoun types a describing noun.
func kindOfNoun(w string) (EntityType, bool) {
	switch {
	case orgNouns[w]:
		return Organization, true
	case placeKindNouns[w]:
		return Place, true
	case personKindNouns[w]:
		return Person, true
	}
	return "", false
}

// describedType types a name [i, j) from a describing noun: right before it
// ("the band X", "electrical company X"; organisations and places only, as
// person titles are handled as titles), or heading a short appositive or
// definition after it ("X, a Brazilian bicycle maker", "X is an American
// rock band", "X (born 1950) is a singer").
func describedType(toks []token, i, j int) (EntityType, bool) {
	if i > 0 && toks[i-1].Kind == tokWord {
		if t, ok := kindOfNoun(toks[i-1].T); ok && t != Person {
			return t, true
		}
	}
	x := j
	if x < len(toks) && toks[x].T == "(" {
		// skip a bracket: "X (born 1950) is", "X (or Y) is"
		for y := x + 1; y < len(toks) && y < x+12; y++ {
			if toks[y].T == ")" {
				x = y + 1
				break
			}
		}
	}
	if x >= len(toks) {
		return "", false
	}
	switch toks[x].T {
	case ",":
		x++
	case "is", "was", "are", "were":
		x++
	default:
		return "", false
	}
	if x >= len(toks) || (toks[x].T != "a" && toks[x].T != "an") {
		return "", false
	}
	// the noun phrase: a few modifiers, then the noun, which must end it
	for y := x + 1; y < len(toks) && y <= x+5; y++ {
		w := toks[y]
		if w.Kind != tokWord {
			return "", false
		}
		if t, ok := kindOfNoun(w.T); ok {
			if y+1 < len(toks) && toks[y+1].Kind == tokWord && !phraseEnd[toks[y+1].T] {
				continue // "a band member": the noun does not end the phrase
			}
			return t, true
		}
	}
	return "", false
}

// phraseEnd are words that may follow the head noun of a describing phrase.
var phraseEnd = map[string]bool{
	"in": true, "from": true, "based": true, "of": true, "that": true, "which": true, "who": true,
	"and": true, "with": true, "founded": true, "formed": true, "for": true, "on": true, "at": true,
	"near": true, "located": true, "owned": true, "headquartered": true, "known": true, "whose": true,
}
