package main

import (
	"context"
	"fmt"
)

// runCompletion prints a bash completion script. It completes command
// names from `ckm help` and each command's flags from its own help
// (`ckm help COMMAND`), so a new command needs nothing here.
func runCompletion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("completion", e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm completion bash\n\nPrints a bash completion script for ckm: add `source <(ckm completion bash)` to ~/.bashrc.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "bash" {
		fs.Usage()
		return errUsage
	}
	fmt.Fprint(e.stdout, bashCompletion)
	return nil
}

const bashCompletion = `# bash completion for ckm; source <(ckm completion bash)
_ckm() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}
	if [[ $COMP_CWORD -eq 1 || ( $COMP_CWORD -eq 2 && $cmd == help ) ]]; then
		local cmds
		cmds=$("${COMP_WORDS[0]}" help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
		COMPREPLY=($(compgen -W "$cmds help" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		local flags
		flags=$("${COMP_WORDS[0]}" help "$cmd" 2>/dev/null | sed -n 's/^  -\([a-z0-9-]*\).*/--\1/p')
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	fi
}
complete -o default -F _ckm ckm
`
