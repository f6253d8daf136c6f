"""Which addresses the fetcher may connect to: explicit deny lists, one case per reserved range.

IPv4: every special-purpose range that is not globally reachable, plus documentation,
benchmarking, multicast and the reserved class E space. IPv6: nothing outside global
unicast (2000::/3), and inside it the special-purpose, documentation and tunnel ranges.
An address embedding an IPv4 address (::ffff:a.b.c.d, NAT64) is judged by that address.
"""

import pytest

from claims.fetching import FetchError, check_address, check_url

# (range, an address at its start, one at its end)
IPV4_DENIED = [
    ("0.0.0.0/8", "0.0.0.0", "0.255.255.255"),
    ("10.0.0.0/8", "10.0.0.0", "10.255.255.255"),
    ("100.64.0.0/10", "100.64.0.0", "100.127.255.255"),
    ("127.0.0.0/8", "127.0.0.1", "127.255.255.255"),
    ("169.254.0.0/16", "169.254.0.0", "169.254.255.255"),
    ("172.16.0.0/12", "172.16.0.0", "172.31.255.255"),
    ("192.0.0.0/24", "192.0.0.0", "192.0.0.255"),
    ("192.0.2.0/24", "192.0.2.0", "192.0.2.255"),
    ("192.88.99.0/24", "192.88.99.0", "192.88.99.255"),
    ("192.168.0.0/16", "192.168.0.0", "192.168.255.255"),
    ("198.18.0.0/15", "198.18.0.0", "198.19.255.255"),
    ("198.51.100.0/24", "198.51.100.0", "198.51.100.255"),
    ("203.0.113.0/24", "203.0.113.0", "203.0.113.255"),
    ("224.0.0.0/4", "224.0.0.0", "239.255.255.255"),
    ("240.0.0.0/4", "240.0.0.0", "255.255.255.254"),
    ("255.255.255.255/32", "255.255.255.255", "255.255.255.255"),
]

IPV6_DENIED = [
    # Outside 2000::/3: all refused, whatever Python's is_global says (it calls fec0:: global).
    ("::/128", "::", "::"),
    ("::1/128", "::1", "::1"),
    ("::/96 (IPv4-compatible, deprecated)", "::7f00:1", "::5db8:d822"),
    ("64:ff9b:1::/48 (local-use NAT64)", "64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff"),
    ("100::/64 (discard)", "100::", "100::ffff:ffff:ffff:ffff"),
    ("1000::/4 (unassigned)", "1000::1", "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("4000::/2 (unassigned)", "4000::1", "7fff::1"),
    ("fc00::/7 (unique local)", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("fe80::/10 (link-local)", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("fec0::/10 (site-local, deprecated)", "fec0::", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("ff00::/8 (multicast)", "ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    # Inside 2000::/3.
    ("2001::/23 (IETF protocol assignments, Teredo)", "2001::", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("2001:db8::/32 (documentation)", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("2002::/16 (6to4, deprecated)", "2002::", "2002:5db8:d822::1"),
    ("3fff::/20 (documentation)", "3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("5f00::/16 (SRv6 SIDs)", "5f00::", "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
]

EMBEDDED_DENIED = [
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::a00:1",
]

PUBLIC = [
    "1.1.1.1",
    "93.184.216.34",
    "100.63.255.255",  # just below 100.64.0.0/10
    "100.128.0.0",  # just above it
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.0",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "2606:2800:220:1:248:1893:25c8:1946",
    "2001:200::1",  # just above 2001::/23
    "2a00:1450:4001::1",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",  # NAT64 of a public address
]


@pytest.fixture(autouse=True)
def no_loopback_allowance(settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False


@pytest.mark.parametrize("name, first, last", IPV4_DENIED, ids=[r[0] for r in IPV4_DENIED])
def test_every_reserved_ipv4_range_is_refused_from_its_first_to_its_last_address(name, first, last):
    assert check_address(first, 80) is not None
    assert check_address(last, 80) is not None


@pytest.mark.parametrize("name, first, last", IPV6_DENIED, ids=[r[0] for r in IPV6_DENIED])
def test_every_ipv6_range_outside_global_unicast_or_special_inside_it_is_refused(name, first, last):
    assert check_address(first, 80) is not None
    assert check_address(last, 80) is not None


@pytest.mark.parametrize("address", EMBEDDED_DENIED)
def test_an_ipv6_address_embedding_a_private_ipv4_address_is_refused(address):
    assert check_address(address, 80) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_next_to_the_reserved_ranges_are_allowed(address):
    assert check_address(address, 443) is None


def test_a_scoped_link_local_address_is_refused():
    assert "link-local" in check_address("fe80::1%eth0", 80)


def test_the_site_local_range_says_why():
    assert "reserved" in check_address("fec0::1", 80)


@pytest.mark.parametrize(
    "url, normalised",
    [
        ("HTTP://example.org/Path", "http://example.org/Path"),
        ("HtTpS://example.org/a?b=C", "https://example.org/a?b=C"),
        ("  https://example.org/  ", "https://example.org/"),
    ],
)
def test_schemes_are_matched_without_regard_to_case_and_returned_in_lower_case(url, normalised):
    assert check_url(url) == normalised


@pytest.mark.parametrize("url", ["FILE:///etc/passwd", "File:/etc/passwd", "JAVASCRIPT:alert(1)", "Ftp://example.org/"])
def test_other_schemes_are_refused_in_any_case(url):
    with pytest.raises(FetchError, match="Only http:// and https://"):
        check_url(url)


@pytest.mark.parametrize(
    "url", ["http://exa\tmple.org/", "http://example.org/\nHost: internal", "\x00http://example.org/"]
)
def test_control_characters_are_refused_before_the_address_is_parsed(url):
    with pytest.raises(FetchError, match="spaces or control characters"):
        check_url(url)
