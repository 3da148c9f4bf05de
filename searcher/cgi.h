/*
 * cgi.h - tracuu-search behind a web server (docs/WEB.md).  main() hands
 * over when GATEWAY_INTERFACE is set.
 */
#ifndef CGI_H
#define CGI_H

/* Answer the one request in the environment on stdout; returns the exit
 * status (0 when a response was written, whatever its HTTP status). */
int tc_cgi_main(void);

#endif
