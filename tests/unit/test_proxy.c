/* test_proxy.c — unit tests of server/proxy.c: which peers are trusted
 * proxies (WVLV_TRUSTED_PROXIES), which client an X-Forwarded-For names, the
 * forwarded proto and prefix that may build links, and the W3C traceparent
 * that is kept in the access log. */
#include "proxy.h"
#include "unit.h"

#include <check.h>
#include <string.h>

static proxy_addr addr(const char *s)
{
	proxy_addr a;
	ck_assert_msg(proxy_addr_parse(s, strlen(s), &a), "%s not parsed", s);
	return a;
}

static void client_is(const char *peer, const char *xff, const char *want)
{
	proxy_addr p = addr(peer), c = proxy_client(&p, xff);
	char text[PROXY_ADDR_TEXT];
	proxy_addr_format(&c, text);
	ck_assert_msg(strcmp(text, want) == 0, "peer %s, X-Forwarded-For \"%s\": %s, expected %s",
		      peer, xff ? xff : "(none)", text, want);
}

START_TEST(addresses_parse_with_ports_and_brackets)
{
	static const char *const good[] = { "192.0.2.1", " 192.0.2.1 ", "192.0.2.1:8080",
					    "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:443",
					    "::ffff:192.0.2.1" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		addr(good[i]);
	static const char *const bad[] = { "", "unknown", "192.0.2", "192.0.2.1:", "192.0.2.1:x",
					   "[192.0.2.1]", "[2001:db8::1", "2001:db8::1]:80",
					   "_hidden", "192.0.2.1, 10.0.0.1" };
	proxy_addr a;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!proxy_addr_parse(bad[i], strlen(bad[i]), &a), "%s parsed", bad[i]);
	char text[PROXY_ADDR_TEXT];
	a = addr("[2001:db8::1]:443");
	proxy_addr_format(&a, text);
	ck_assert_str_eq(text, "2001:db8::1");
	a = addr("192.0.2.1:8080");
	proxy_addr_format(&a, text);
	ck_assert_str_eq(text, "192.0.2.1");
}
END_TEST

START_TEST(trusted_proxies_are_addresses_and_cidr_blocks)
{
	char why[160];
	ck_assert(proxy_trust("127.0.0.1, 10.0.0.0/8 2001:db8::/32,172.16.0.0/12", why, sizeof(why)));
	ck_assert(proxy_any());
	static const char *const in[] = { "127.0.0.1", "10.255.1.2", "2001:db8:ffff::1",
					  "172.31.255.255", "::ffff:10.0.0.1" };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		proxy_addr a = addr(in[i]);
		ck_assert_msg(proxy_is_trusted(&a), "%s not trusted", in[i]);
	}
	static const char *const out[] = { "127.0.0.2", "11.0.0.1", "2001:db9::1", "172.32.0.1",
					   "::1" };
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		proxy_addr a = addr(out[i]);
		ck_assert_msg(!proxy_is_trusted(&a), "%s trusted", out[i]);
	}
	/* a bad list is refused whole and changes nothing */
	ck_assert(!proxy_trust("127.0.0.1, proxy.example", why, sizeof(why)));
	ck_assert_str_eq(why, "\"proxy.example\" is not an IP address or CIDR block");
	ck_assert(!proxy_trust("10.0.0.0/33", why, sizeof(why)));
	proxy_addr a = addr("10.1.1.1");
	ck_assert(proxy_is_trusted(&a));
	ck_assert(proxy_trust("", why, sizeof(why)));
	ck_assert(!proxy_any());
	ck_assert(!proxy_is_trusted(&a));
}
END_TEST

START_TEST(the_client_is_the_rightmost_untrusted_forwarded_address)
{
	char why[160];
	ck_assert(proxy_trust("127.0.0.1,10.0.0.0/8", why, sizeof(why)));
	client_is("127.0.0.1", "203.0.113.7", "203.0.113.7");
	client_is("127.0.0.1", NULL, "127.0.0.1");
	client_is("127.0.0.1", "", "127.0.0.1");
	/* a client that forges an entry on the left is not believed */
	client_is("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7");
	/* trusted hops are skipped */
	client_is("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7");
	client_is("127.0.0.1", "10.0.0.9, 10.1.2.3", "10.0.0.9");
	/* garbage stops the walk: the last good address counts */
	client_is("127.0.0.1", "203.0.113.7, unknown, 10.1.2.3", "10.1.2.3");
	client_is("127.0.0.1", "[2001:db8::7]:4711", "2001:db8::7");
	/* an untrusted peer's header is ignored */
	client_is("192.0.2.50", "203.0.113.7", "192.0.2.50");
	ck_assert(proxy_trust(NULL, why, sizeof(why)));
	client_is("127.0.0.1", "203.0.113.7", "127.0.0.1");
}
END_TEST

START_TEST(forwarded_for_lines_of_a_raw_head_are_joined)
{
	static const char head[] = "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.1\r\n"
				   "x-forwarded-for:203.0.113.7\r\nX-Forwarded-Forx: 1.1.1.1\r\n\r\n";
	char out[64];
	ck_assert(proxy_head_values(head, sizeof(head) - 1, "X-Forwarded-For", out, sizeof(out)));
	ck_assert_str_eq(out, "198.51.100.1, 203.0.113.7");
	ck_assert(!proxy_head_values(head, sizeof(head) - 1, "Forwarded", out, sizeof(out)));
	ck_assert(!proxy_head_values(head, sizeof(head) - 1, "X-Forwarded-For", out, 16));
}
END_TEST

START_TEST(forwarded_proto_and_prefix_are_checked)
{
	ck_assert(proxy_proto_valid("https") && proxy_proto_valid("HTTP"));
	ck_assert(!proxy_proto_valid("ftp") && !proxy_proto_valid("https, http") &&
		  !proxy_proto_valid(NULL));
	static const char *const good[] = { "", "/", "/wvlv", "/a/b/", "/gemeente-x_1.0" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(proxy_prefix_valid(good[i]), "%s refused", good[i]);
	static const char *const bad[] = { "wvlv", "//evil.example", "/a/../b", "/a/..",
					   "/a b", "/a%2f", "/a\"><script>", "/a?x", "/a#x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!proxy_prefix_valid(bad[i]), "%s accepted", bad[i]);
}
END_TEST

START_TEST(traceparent_follows_w3c_trace_context)
{
	ck_assert(proxy_traceparent_valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
	ck_assert(proxy_traceparent_valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-x"));
	static const char *const bad[] = {
		"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", /* 00: exact */
		"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",   /* version ff */
		"00-00000000000000000000000000000000-00f067aa0ba902b7-01",   /* zero trace */
		"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",   /* zero parent */
		"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",   /* upper case */
		"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",    /* short */
		"00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
		"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
		"", "hello",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!proxy_traceparent_valid(bad[i]), "%s accepted", bad[i]);
	ck_assert(!proxy_traceparent_valid(NULL));
}
END_TEST

static Suite *proxy_suite(void)
{
	Suite *s = suite_create("proxy");
	unit_add(s, "addresses_parse_with_ports_and_brackets", addresses_parse_with_ports_and_brackets);
	unit_add(s, "trusted_proxies_are_addresses_and_cidr_blocks",
		 trusted_proxies_are_addresses_and_cidr_blocks);
	unit_add(s, "the_client_is_the_rightmost_untrusted_forwarded_address",
		 the_client_is_the_rightmost_untrusted_forwarded_address);
	unit_add(s, "forwarded_for_lines_of_a_raw_head_are_joined",
		 forwarded_for_lines_of_a_raw_head_are_joined);
	unit_add(s, "forwarded_proto_and_prefix_are_checked", forwarded_proto_and_prefix_are_checked);
	unit_add(s, "traceparent_follows_w3c_trace_context", traceparent_follows_w3c_trace_context);
	return s;
}

int main(void)
{
	return unit_run(proxy_suite());
}
