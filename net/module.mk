# SPDX-License-Identifier: GPL-2.0-or-later
NET_SRCS += net/dhcp_packet.c
NET_SRCS += net/tftp_packet.c
NET_SRCS += net/tftp_client.c net/tftp_blocks.c
NET_SRCS += net/ip_addr.c net/ip_reasm.c net/checksum.c net/netif.c net/ethernet.c net/arp.c net/ipv4.c net/icmp.c net/udp.c
NET_SRCS += net/ipv6.c net/icmpv6.c net/ndp.c net/dhcpv6_packet.c net/dhcpv6_client.c net/net_url.c
NET_SRCS += net/dhcp_client.c
NET_SRCS += net/tcp.c net/http_response.c net/http_client.c net/dns_packet.c net/dns.c
