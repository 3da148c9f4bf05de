/*
 * fastcgi.h - tracuu-search as a persistent FastCGI service (docs/WEB.md):
 * the search page of cgi.h, answered for request after request by one
 * process that keeps the index open and a cache of answers.
 *
 * The web server (lighttpd's bin-path, spawn-fcgi, systemd's socket
 * activation with StandardInput=socket) hands the process a listening
 * socket as its standard input; main() checks for that with
 * tc_fastcgi_listening() and hands over.
 */
#ifndef FASTCGI_H
#define FASTCGI_H

/* Is standard input a listening socket (started as a FastCGI server)? */
int tc_fastcgi_listening(void);

/*
 * Serve requests on the socket of standard input until SIGTERM (or SIGINT,
 * SIGHUP): the request in hand is finished first.  Returns the exit status:
 * 0 after a clean stop, 1 when the socket failed.
 */
int tc_fastcgi_main(void);

#endif
