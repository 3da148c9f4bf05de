# tests/e2e/checks.sh - the checks every end-to-end test prints and counts,
# sourced by tests/e2e/lib.sh and tests/web/lib.sh (one copy, so that a check
# means the same in both).  The sourcing script has made $WORK, a scratch
# directory; the results are appended to $WORK/.results rather than counted
# in variables, so that a check made inside $(...) or a pipeline still counts.
# shellcheck shell=bash

: >"$WORK/.results"
# Check lines go to the script's stdout even from inside $(...).
exec 3>&1

pass() { # pass NAME
	echo "ok   $1" >&3
	echo ok >>"$WORK/.results"
}

fail() { # fail NAME DETAIL...
	local name=$1
	shift
	echo "FAIL $name" >&3
	local line
	for line in "$@"; do
		printf '       %s\n' "$line" >&3
	done
	echo FAIL >>"$WORK/.results"
}

check() { # check NAME EXPECTED ACTUAL: equal strings
	if [ "$2" == "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: [$2]" "actual:   [${3:0:600}]"
	fi
}

check_num() { # check_num NAME ACTUAL OP LIMIT, OP as test(1): -eq -ge -gt -le -lt -ne
	if [[ $2 =~ ^-?[0-9]+$ ]] && test "$2" "$3" "$4"; then
		pass "$1"
	else
		fail "$1" "expected: a number $3 $4" "actual:   [${2:0:600}]"
	fi
}

check_none() { # check_none NAME PROBLEMS: PROBLEMS lists what went wrong, one per line
	if [ -z "$2" ]; then
		pass "$1"
	else
		fail "$1" "expected: no problems" "actual:" "${2//$'\n'/$'\n'       }"
	fi
}

check_grep() { # check_grep NAME FIXED-STRING FILE: FILE contains the string
	if grep -qF -- "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "expected: a line containing [$2]" "actual:   [$(clip 600 <"$3")]"
	fi
}

check_no_grep() { # check_no_grep NAME FIXED-STRING FILE
	if ! grep -qF -- "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "expected: no line containing [$2]" "actual:   [$(grep -F -- "$2" "$3" | clip 600)]"
	fi
}

check_true() { # check_true NAME DETAIL CMD...: CMD succeeds
	local name=$1 detail=$2
	shift 2
	if "$@"; then
		pass "$name"
	else
		fail "$name" "$detail"
	fi
}

check_contains() { # check_contains NAME NEEDLE HAYSTACK (fixed string)
	if [[ $3 == *"$2"* ]]; then
		pass "$1"
	else
		fail "$1" "expected to contain: [$2]" "actual: [${3:0:600}]"
	fi
}

# finish: the summary line; fails when a check failed or none was made (a
# script that stopped before its checks has proved nothing).
finish() {
	local total failed
	total=$(wc -l <"$WORK/.results")
	failed=$(grep -c FAIL "$WORK/.results" || true)
	echo "$(basename "$0" .sh): $total checks, $failed failed"
	[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
}

# clip N: the first N characters of standard input, reading all of it (under
# pipefail, cmd piped into head -c N fails at random: head exits, cmd gets SIGPIPE).
clip() {
	local s
	s=$(cat)
	printf '%s' "${s:0:$1}"
}
