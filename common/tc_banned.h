/*
 * tc_banned.h - functions this project never calls.
 *
 * Included last in every C file.  A banned call fails to compile, so unsafe
 * string handling cannot creep back in (the curl and git practice).
 * Use snprintf, memcpy with explicit lengths, strtol/strtoul with end checks.
 */
#ifndef TC_BANNED_H
#define TC_BANNED_H

#ifndef __cplusplus
#pragma GCC poison strcpy strcat sprintf vsprintf strtok gets atoi atol atoll
/* <ctype.h> depends on the locale and is undefined for a negative char:
 * tc_ascii.h has the classes.  A header may have defined them as macros
 * (glibc does), which poisoning refuses; the macros go first. */
#undef isspace
#undef isdigit
#undef isalpha
#undef isalnum
#undef isupper
#undef islower
#undef isxdigit
#undef isblank
#undef isprint
#undef ispunct
#undef iscntrl
#undef isgraph
#undef tolower
#undef toupper
#pragma GCC poison isspace isdigit isalpha isalnum isupper islower isxdigit isblank isprint \
	ispunct iscntrl isgraph tolower toupper
#endif

#endif
