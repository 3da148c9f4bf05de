# tests/ports.sh - ports on loopback for the tests' servers (sourced).
#
# free_port ADDR: a port of ADDR the kernel just handed out, so very likely
# free (another process may still take it before the server binds).
# wait_port ADDR PORT: until something accepts connections there (10 s);
# non-zero when nothing did.
free_port() {
	"${PYTHON:-python3}" -c 'import socket, sys
s = socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$1"
}
wait_port() {
	local i
	for i in $(seq 100); do
		if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}
