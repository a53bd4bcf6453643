/*
 * dpkg_oracle: the reference answer of dpkg 1.21 for Debian version pairs.
 *
 * Reads lines "A<TAB>B" from standard input and writes one line per input
 * line: "-1", "0" or "1" (the sign of dpkg_version_compare), or "E" when
 * parseversion() reports a problem (an error or a warning) for either side.
 * Compiled and run by tests/deb_oracle.rs; links the static libdpkg from
 * libdpkg-dev. Written for patchcore; it only calls libdpkg's public API.
 */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpkg/dpkg.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/error.h>
#include <dpkg/version.h>

/* 1 when dpkg's parser accepts `s` without an error or a warning. */
static int parse_ok(struct dpkg_version *v, const char *s)
{
	struct dpkg_error err = DPKG_ERROR_INIT;
	int rc = parseversion(v, s, &err);
	int ok = rc == 0 && err.type == DPKG_MSG_NONE;
	dpkg_error_destroy(&err);
	return ok;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		struct dpkg_version a, b;
		char *tab;
		int rc;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		tab = strchr(line, '\t');
		if (tab == NULL) {
			fputs("E\n", stdout);
			continue;
		}
		*tab = '\0';
		if (!parse_ok(&a, line) || !parse_ok(&b, tab + 1))
			fputs("E\n", stdout);
		else {
			rc = dpkg_version_compare(&a, &b);
			fputs(rc < 0 ? "-1\n" : rc > 0 ? "1\n" : "0\n", stdout);
		}
		/* parseversion copies the parts into dpkg's obstack; free them per line. */
		nffreeall();
	}
	free(line);
	return ferror(stdout) ? 1 : 0;
}
