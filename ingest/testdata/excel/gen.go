//go:build ignore

// gen writes chamados-excel-br.csv as Brazilian Excel saves "CSV
// (separado por ponto e vírgula)": a UTF-8 byte-order mark before
// Windows-1252 text, semicolons, CRLF line ends, dd/mm/yyyy dates and
// Portuguese headers. Run from this folder: go run gen.go
package main

import (
	"log"
	"os"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

const rows = `Assunto;Descrição;Organização;Data de criação;Solicitante;Status;Prioridade
Exportação de faturas;"Precisamos exportar as faturas com o número do pedido; hoje copiamos tudo à mão.";Mercy Ridge Saúde;06/08/2026 15:02;kmills@mercyridge.example;Aberto;Alta
Relatório de custos;"O relatório mensal não mostra o centro de custo.
O diretor financeiro quer isso até o fim do mês.";Padaria São João;25/07/2026 09:30;ana@saojoao.example;Pendente;Média
Login – erro;"Ao entrar pelo celular aparece “sessão expirada” toda hora.";Mercy Ridge Saúde;01/08/2026;kmills@mercyridge.example;Aberto;Baixa
Integração;"Gostaríamos de integrar com o SAP até dezembro.";Construtora Ômega;13/07/2026 17:45;joao@omega.example;Novo;Alta
Permissões;"Precisamos que o gestor aprove as férias antes do RH.";Padaria São João;02/08/2026 08:05;ana@saojoao.example;Resolvido;Média
`

func main() {
	text := strings.ReplaceAll(rows, "\n", "\r\n")
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("chamados-excel-br.csv", append([]byte("\ufeff"), b...), 0o644); err != nil {
		log.Fatal(err)
	}
}
