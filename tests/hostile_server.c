/* hostile_server.c: a tiny HTTP server that lies, for tests.  Sign-in works
 * (so bankterm gets as far as asking for data); then GET /v1/accounts is
 * answered the way MODE says: malformed, truncated, mistyped, huge, deeply
 * nested, binary, or an error page.  The pacing modes answer the accounts
 * truly and lie about what follows: cursor-loop gives the same next cursor
 * for ever, cursor-endless a new one for ever while saying there are 3
 * rows, and eager answers every long-poll for alerts at once, empty.  Each
 * request's line is written to stderr (for counting).  It prints its URL on
 * the first line of stdout and serves until killed. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static void reply(int fd, int status, const char *type, const char *body, size_t len, size_t claimed)
{
	char head[256];
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			 status, type, claimed ? claimed : len);
	send_all(fd, head, (size_t)n);
	send_all(fd, body, len);
}

static void accounts(int fd, const char *mode)
{
	if (!strcmp(mode, "malformed")) {
		reply(fd, 200, "application/json", "{\"items\":[{\"id\":", 15, 0);
	} else if (!strcmp(mode, "truncated")) {
		/* Says 400 bytes, sends 20, hangs up. */
		reply(fd, 200, "application/json", "{\"items\":[{\"id\":\"a\"", 19, 400);
	} else if (!strcmp(mode, "mistyped")) {
		const char *b = "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"n\",\"currency\":\"USD\","
				"\"booked_balance\":{\"minor\":\"lots\",\"currency\":\"USD\"}}]}";
		reply(fd, 200, "application/json", b, strlen(b), 0);
	} else if (!strcmp(mode, "huge")) {
		size_t n = 20u << 20;
		char *b = malloc(n);
		memset(b, ' ', n);
		b[0] = '{';
		b[n - 1] = '}';
		reply(fd, 200, "application/json", b, n, 0);
		free(b);
	} else if (!strcmp(mode, "deep")) {
		size_t d = 200000;
		char *b = malloc(2 * d);
		memset(b, '[', d);
		memset(b + d, ']', d);
		reply(fd, 200, "application/json", b, 2 * d, 0);
		free(b);
	} else if (!strcmp(mode, "binary")) {
		const char b[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe";
		reply(fd, 200, "application/json", b, sizeof b - 1, 0);
	} else if (!strncmp(mode, "cursor-", 7) || !strcmp(mode, "eager")) {
		const char *b = "{\"items\":[{\"id\":\"acc_1\",\"kind\":\"current\",\"name\":\"Main\",\"currency\":\"USD\","
				"\"iban\":null,\"booked_balance\":{\"minor\":100,\"currency\":\"USD\"},"
				"\"available_balance\":{\"minor\":100,\"currency\":\"USD\"}}]}";
		reply(fd, 200, "application/json", b, strlen(b), 0);
	} else if (!strcmp(mode, "escape")) {
		/* Valid, with a name that tries to take over the terminal. */
		const char *b = "{\"items\":[{\"id\":\"a\",\"kind\":\"current\",\"name\":\"\\u001b]0;pwned\\u0007"
				"\\u001b[2Jevil\\u202e\",\"currency\":\"USD\",\"iban\":null,"
				"\"booked_balance\":{\"minor\":1,\"currency\":\"USD\"},"
				"\"available_balance\":{\"minor\":1,\"currency\":\"USD\"}},"
				/* Every field a trap: a C1 CSI in the id, a formula in the kind and the name. */
				"{\"id\":\"b\\u009b31m\\u2066x\",\"kind\":\"@SUM(A1)\",\"name\":\"=HYPERLINK(\\\"http://x\\\")\","
				"\"currency\":\"USD\",\"iban\":\"\\tDE00\",\"booked_balance\":{\"minor\":2,\"currency\":\"USD\"},"
				"\"available_balance\":{\"minor\":2,\"currency\":\"USD\"}}]}";
		reply(fd, 200, "application/json", b, strlen(b), 0);
	} else {
		const char *b = "<html><body>Internal Server Error</body></html>";
		reply(fd, 500, "text/html", b, strlen(b), 0);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	const char *mode = argc > 1 ? argv[1] : "error";

	signal(SIGPIPE, SIG_IGN);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8) ||
	    getsockname(s, (struct sockaddr *)&a, &len)) {
		perror("hostile_server");
		return 1;
	}
	printf("http://127.0.0.1:%u/v1\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;) {
		char req[65536];
		size_t got = 0;
		int fd = accept(s, NULL, NULL);
		if (fd < 0)
			continue;
		/* Enough of the request to see its line; bodies are small here. */
		while (got < sizeof req - 1) {
			ssize_t n = read(fd, req + got, sizeof req - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n") && (strncmp(req, "POST", 4) || strchr(strstr(req, "\r\n\r\n"), '}')))
				break;
		}
		req[got] = '\0';
		fprintf(stderr, "%.*s\n", (int)strcspn(req, "\r\n"), req);
		if (!strncmp(req, "POST /v1/auth/token ", 20)) {
			const char *b = "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":900,"
					"\"refresh_token\":\"rt\",\"customer_id\":\"c\"}";
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else if (!strncmp(req, "GET /v1/accounts ", 17)) {
			accounts(fd, mode);
		} else if (!strncmp(req, "GET /v1/accounts/acc_1/transactions", 35) && !strncmp(mode, "cursor-", 7)) {
			/* One row a page, and a next cursor: the same one, or a new one each time. */
			char b[512];
			static unsigned long page;
			page++;
			snprintf(b, sizeof b,
				 "{\"items\":[{\"id\":\"t%lu\",\"booked_at\":\"2026-11-01T10:00:00Z\","
				 "\"amount\":{\"minor\":-100,\"currency\":\"USD\"},\"description\":\"d\","
				 "\"counterparty\":\"c\",\"category\":\"shopping\"}],\"total\":3,\"next_cursor\":\"c%lu\"}",
				 page, strcmp(mode, "cursor-loop") ? page : 1ul);
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else if (!strncmp(req, "GET /v1/help/articles", 21) && !strcmp(mode, "escape")) {
			/* An article and a search hit whose every text tries the terminal:
			 * a title, escape and OSC sequences, bidi, C1 (invalid UTF-8 is
			 * refused with the whole answer: see the accounts above). */
			const char *b = req[21] == '/'
				? "{\"id\":\"x\",\"title\":\"Help\\u001b]0;pwned\\u0007\\u202e\","
				  "\"body\":\"line\\u001b[2J one\\n\\n- \\u009b31mitem\\u2066 \\u001b]52;c;eA==\\u0007 end\","
				  "\"lang\":\"en\"}"
				: "{\"lang\":\"en\",\"items\":[{\"id\":\"x\\u001b[31m\",\"title\":\"=HYPERLINK(1)\\u202e\","
				  "\"summary\":\"s\"}]}";
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else if (!strncmp(req, "GET /v1/payees ", 15) && !strncmp(mode, "vop-", 4)) {
			const char *b = "{\"items\":[]}";
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else if (!strncmp(req, "POST /v1/payees/verify ", 23) && !strncmp(mode, "vop-", 4)) {
			/* A name check that lies: an outcome of none of the four, or a
			 * close match whose holder's name tries the terminal. */
			const char *b = !strcmp(mode, "vop-lie")
				? "{\"id\":\"v1\",\"iban\":\"x\",\"outcome\":\"probably_fine\"}"
				: "{\"id\":\"v1\",\"iban\":\"x\",\"outcome\":\"close_match\","
				  "\"name\":\"Jamie\\u001b]0;pwned\\u0007 Chen\\u202e\\u009b2J\"}";
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else if (!strncmp(req, "GET /v1/notifications", 21) && !strcmp(mode, "eager")) {
			const char *b = "{\"items\":[],\"last_id\":0,\"unread\":0}";
			reply(fd, 200, "application/json", b, strlen(b), 0);
		} else {
			const char *b = "{\"type\":\"x\",\"title\":\"x\",\"status\":401,\"detail\":\"x\",\"code\":\"unauthorized\"}";
			reply(fd, 401, "application/problem+json", b, strlen(b), 0);
		}
		close(fd);
	}
}
