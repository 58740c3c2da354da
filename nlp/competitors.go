package nlp

import (
	"regexp"
	"strings"
)

// Switch and offer contexts: an ORG or PRODUCT right after switchBefore or
// right before offerAfter is a competitor ("switch to X", "vamos migrar
// para o Omie", "Zendesk offered us 20% off", "a Omie ofereceu").
var (
	switchBefore = regexp.MustCompile(`(?i)(?:\b(?:switch(?:ing|ed)?|mov(?:e|ing|ed)|migrat(?:e|ing|ed)|chang(?:e|ing|ed)|go(?:ing)?|went|sign(?:ed|ing)?|leav(?:e|ing)\s+(?:you|us)|replac(?:e|ing)\s+(?:you|us|it)|offer|quote|proposal)(?:\s+over)?\s+(?:to|with|for|from)|\b(?:migrar|migrando|migramos|mudar|mudando|mudamos|trocar|trocando|trocamos|ir|indo|fechar|fechando|fechamos|assinar|assinamos|contratar|contratamos)\s+(?:para|pra|pro|com|por|pelo|pela)|\b(?:proposta|oferta|cota[çc][ãa]o|desconto)\s+(?:d[oa]|de)|\bvamos\s+de)\s+(?:(?:o|a|os|as|the)\s+)?$`)
	offerAfter   = regexp.MustCompile(`(?i)^\s+(?:(?:has|have|just|also|already|is|are|was|were|j[áa]|tamb[ée]m|nos|me)\s+)*(?:offer(?:ed|ing|s)?|quot(?:ed|ing)|pitch(?:ed|ing)|undercut|cheaper|gave\s+us|came\s+in|ofereceu|ofereceram|oferecendo|oferece|est[áa]\s+oferecendo|mandou\s+(?:uma\s+)?proposta|fez\s+(?:uma\s+)?proposta|cobra\s+menos|[ée]\s+mais\s+barat)`)
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
