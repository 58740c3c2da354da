package nlp

// Version identifies the rules, word lists and models that produce an
// Analysis. It changes whenever the output for some input can change; every
// indexed record stores it, and re-analysis compares against it.
const Version = "2026.12.08.279"

// Language is an ISO 639-1 code. Languages other than English and
// Portuguese are reported as detected but analysed with the generic path.
type Language string

// The languages ckm analyses fully, and Unknown for text too short or too
// mixed to tell.
const (
	Unknown    Language = "und"
	English    Language = "en"
	Portuguese Language = "pt"
)

// Analysis is everything nlp finds in one document. All offsets are byte
// offsets into the analysed text: text[x.Start:x.End] == x.Text for every
// sentence, token, entity and need.
type Analysis struct {
	ID        string     `json:"id"`
	Language  Language   `json:"language"`
	Version   string     `json:"version"`
	Sentences []Sentence `json:"sentences,omitempty"`
	Tokens    []Token    `json:"tokens,omitempty"`
	Entities  []Entity   `json:"entities"`
	Needs     []Need     `json:"needs"`
}

// Sentence is one sentence and the language it is written in.
type Sentence struct {
	Text     string   `json:"text"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Language Language `json:"language"`
}

// Token is one word or symbol with its stem (see Stem).
type Token struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Stem  string `json:"stem,omitempty"`
}

// Entity labels.
const (
	LabelPerson    = "PERSON"
	LabelOrg       = "ORG"
	LabelLocation  = "LOCATION"
	LabelProduct   = "PRODUCT"
	LabelMoney     = "MONEY"
	LabelDate      = "DATE"
	LabelPercent   = "PERCENT"
	LabelEmail     = "EMAIL"
	LabelPhone     = "PHONE"
	LabelURL       = "URL"
	LabelReference = "REFERENCE"
)

// Entity is a named thing found in the text.
type Entity struct {
	Text   string `json:"text"`
	Label  string `json:"label"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Kind   string `json:"kind,omitempty"`   // sub-label: the kind of REFERENCE, "competitor", ...
	Value  string `json:"value,omitempty"`  // normalised value, where one exists
	Source string `json:"source,omitempty"` // "model", "rule" or "gazetteer"
}

// Entity kinds: the sub-label of a REFERENCE (what the number identifies)
// and the role of an organisation or product taken from a Gazetteer.
const (
	KindInvoice    = "invoice"    // invoice, fatura, nota fiscal, boleto
	KindPO         = "po"         // purchase order, ordem de compra
	KindOrder      = "order"      // order, pedido
	KindTicket     = "ticket"     // ticket, case, chamado, protocolo
	KindProject    = "project"    // project, projeto
	KindContract   = "contract"   // contract, contrato
	KindMatter     = "matter"     // a legal matter or processo
	KindClient     = "client"     // a customer or account number; an ORG the Gazetteer lists as a client
	KindCPF        = "cpf"        // a Brazilian person's tax number, checksum valid
	KindCNPJ       = "cnpj"       // a Brazilian company's tax number, checksum valid
	KindLaw        = "law"        // legislation ("Lei nº 8.666/93"), from the Portuguese tagger
	KindCaseLaw    = "caselaw"    // a court decision, from the Portuguese tagger
	KindCompetitor = "competitor" // an ORG or PRODUCT the Gazetteer lists as a competitor, or named in a switch or offer context
)

// Need kinds.
const (
	KindExplicit = "explicit"
	KindImplied  = "implied"
)

// Speakers of a need.
const (
	SpeakerCustomer = "customer"
	SpeakerAgent    = "agent"
	SpeakerUnknown  = "unknown"
)

// Need is one statement of what the customer wants, asked for outright
// (explicit) or hinted at (implied). Text is the span that proves it.
type Need struct {
	Kind       string  `json:"kind"`
	Cue        string  `json:"cue"`
	Theme      string  `json:"theme"`
	ThemeKey   string  `json:"theme_key,omitempty"`
	Text       string  `json:"text"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Context    string  `json:"context,omitempty"` // for a yes to an agent's question ("Both, ideally."), the question, unlabelled
	Speaker    string  `json:"speaker"`
	Negated    bool    `json:"negated"`
	Hedged     bool    `json:"hedged,omitempty"`
	Confidence float64 `json:"confidence"`
}
