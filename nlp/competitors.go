package nlp

import (
	"regexp"
	"slices"
	"strings"
)

// Switch and offer contexts: an ORG or PRODUCT right after switchBefore or
// right before offerAfter is a competitor ("switch to X", "vamos migrar
// para o Omie", "Zendesk offered us 20% off", "a Omie ofereceu").
var (
	switchBefore = regexp.MustCompile(`(?i)(?:\b(?:switch(?:ing|ed)?|mov(?:e|ing|ed)|migrat(?:e|ing|ed)|chang(?:e|ing|ed)|go(?:ing)?|went|sign(?:ed|ing)?|leav(?:e|ing)\s+(?:you|us)|replac(?:e|ing)\s+(?:you|us|it)|offer|quote|proposal)(?:\s+over)?\s+(?:to|with|for|from)|\b(?:migrar|migrando|migramos|mudar|mudando|mudamos|trocar|trocando|trocamos|ir|indo|fechar|fechando|fechamos|assinar|assinamos|contratar|contratamos)\s+(?:para|pra|pro|com|por|pelo|pela)|\b(?:proposta|oferta|cota[çc][ãa]o|desconto)\s+(?:d[oa]|de)|\bvamos\s+de)\s+(?:(?:o|a|os|as|the)\s+)?$`)
	offerAfter   = regexp.MustCompile(`(?i)^\s+(?:(?:has|have|just|also|already|is|are|was|were|j[áa]|t[áa]|tamb[ée]m|nos|me)\s+)*(?:offer(?:ed|ing|s)?|quot(?:ed|ing)|pitch(?:ed|ing)|undercut|cheaper|gave\s+us|came\s+in|ofereceu|ofereceram|oferecendo|oferece|est[áa]\s+oferecendo|mandou\s+(?:uma\s+)?proposta|fez\s+(?:uma\s+)?proposta|cobra\s+menos|[ée]\s+mais\s+barat)`)
)

// competitorWindow bounds the text looked at on either side of a mention,
// in bytes.
const competitorWindow = 48

// markCompetitors sets Kind to KindCompetitor on the ORG and PRODUCT
// entities that have no kind yet and sit in a switch or offer context.
// A deployment's gazetteer kinds (client) are kept.
func markCompetitors(text string, es []Entity) {
	for i := range es {
		e := &es[i]
		if e.Kind != "" || (e.Label != LabelOrg && e.Label != LabelProduct) {
			continue
		}
		before := text[max(0, e.Start-competitorWindow):e.Start]
		after := text[e.End:min(len(text), e.End+competitorWindow)]
		if i := strings.LastIndexAny(before, ".!?\n"); i >= 0 {
			before = before[i+1:]
		}
		if switchBefore.MatchString(before) || offerAfter.MatchString(after) {
			e.Kind = KindCompetitor
		}
	}
}

// offerPhrase matches the offer cues of data/cues.txt ("offered us",
// "nos ofereceu", "mandou uma proposta"), and rivalWord a word that says
// the offer is a rival's without naming it.
var (
	offerPhrase = regexp.MustCompile(`(?i)\b(?:offer(?:s|ed|ing)?\s+us|quot(?:e|es|ed|ing)\s+us|pitch(?:es|ed|ing)?\s+us|oferece(?:u|ram|ndo)|(?:mandou|fez)\s+uma\s+proposta|cobra\s+menos)\b`)
	rivalWord   = regexp.MustCompile(`(?i)\b(?:competitors?|concorrentes?|concorr[êe]ncia|another\s+vendor|other\s+vendors?|outros?\s+fornecedor(?:es)?)\b`)
)

// rivalOffers settles the competitor needs of an offer cue: the offer is
// a rival's only when its sentence holds a competitor entity (an ORG or
// PRODUCT in an offer or switch context, see markCompetitors, or a
// gazetteer's competitor) or a rival word, and the need is then about
// that competitor, named as written ("Zendesk offered us 20% off", "o
// Omie mandou uma proposta mais barata": Omie, not the price). An offer
// with neither is the vendor's own ("you offered us a discount", "o
// suporte ofereceu um treinamento") and is dropped.
func rivalOffers(needs []Need, ents []Entity) []Need {
	out := needs[:0]
	for _, n := range needs {
		if n.Cue == "competitor" && offerPhrase.MatchString(n.Text) {
			i := slices.IndexFunc(ents, func(e Entity) bool {
				return e.Kind == KindCompetitor && e.Start >= n.Start && e.End <= n.End
			})
			switch {
			case i >= 0:
				if key := NameKey(ents[i].Text); key != "" {
					n.Theme, n.ThemeKey = ents[i].Text, key
				}
			case !rivalWord.MatchString(n.Text):
				continue // the vendor's own offer
			}
		}
		out = append(out, n)
	}
	return out
}
