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
#endif

#endif
