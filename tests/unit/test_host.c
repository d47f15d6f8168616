/* test_host.c — unit tests of the Host rule of server/host.c: a host
 * name, IPv4 address or [IPv6] literal with an optional :port, nothing else
 * (what http_base_url puts in absolute links). */
#include "host.h"
#include "unit.h"

#include <check.h>

START_TEST(host_names_addresses_and_ports_are_valid)
{
	static const char *const good[] = { "wvlv.example.nl", "localhost", "127.0.0.1",
					    "127.0.0.1:8080", "[::1]", "[::1]:443",
					    "[2001:db8::ffff:10.0.0.1]", "a-b_c~d.nl:65535" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(host_valid(good[i]), "%s refused", good[i]);
}
END_TEST

START_TEST(userinfo_paths_spaces_and_bad_ports_are_not)
{
	static const char *const bad[] = { "", "a@evil.example", "evil.example/x", "a b",
					   "evil.example:80/x", ":80", "evil.example:",
					   "evil.example:123456", "evil.example:8o", "[::1",
					   "[]", "[::1]x", "x\"y", "a%40b", "a<b", "a\\b",
					   "evil.example?x", "evil.example#x", "a,b", "\xC3\xA9.nl" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!host_valid(bad[i]), "%s accepted", bad[i]);
	ck_assert(!host_valid(NULL));
}
END_TEST

static Suite *host_suite(void)
{
	Suite *s = suite_create("host");
	unit_add(s, "host_names_addresses_and_ports_are_valid",
		 host_names_addresses_and_ports_are_valid);
	unit_add(s, "userinfo_paths_spaces_and_bad_ports_are_not",
		 userinfo_paths_spaces_and_bad_ports_are_not);
	return s;
}

int main(void)
{
	return unit_run(host_suite());
}
