// One record of each log the estate holds, formatted as the real product
// writes it: Zeek dns.log (TSV), squid access.log lines shipped through
// syslog, netfilter (iptables LOG) lines through syslog, and Sysmon events as
// winlogbeat NDJSON (ECS: @timestamp, host.name, winlog.event_id,
// winlog.event_data.*). Times are UTC milliseconds since the epoch.
#pragma once

#include <cstdint>
#include <string>

#include "shrike/indicator.h"

namespace shrike::demo_internal {

using Millis = std::int64_t;

// "2019-09-03T02:14:07.123Z"
std::string IsoMillis(Millis t);

struct DnsQuery {
  std::string uid;  // Zeek connection uid
  std::string client_ip;
  int client_port = 0;
  std::string resolver_ip;
  int trans_id = 0;
  std::string query;
  std::string qtype = "A";
  std::string answers;  // comma-separated addresses; empty for NXDOMAIN
};
std::string ZeekDnsHeader(Millis open);
std::string ZeekDnsFooter(Millis close);
std::string ZeekDnsRecord(Millis t, const DnsQuery& q);

struct ProxyRequest {
  std::string proxy_host;
  std::string client_ip;
  std::string method;  // GET, CONNECT
  std::string target;  // URL, or host:port for CONNECT
  std::string server_ip;
  int status = 200;
  int bytes = 0;
  int elapsed_ms = 0;
};
std::string ProxyRecord(Millis t, const ProxyRequest& r);

struct FirewallPacket {
  std::string firewall_host;
  std::string src_ip, dst_ip;
  int src_port = 0, dst_port = 0;
  std::string action;  // ACCEPT, DROP
  int id = 0;          // IP id
};
std::string FirewallRecord(Millis t, const FirewallPacket& p);

struct SysmonCommon {
  std::string host;
  std::string user;  // "CORP\\chen.wl"
  std::uint64_t record_id = 0;
  std::string process_guid;
  int pid = 0;
  std::string image;
};
struct SysmonProcess {
  std::string command_line;
  std::string current_directory;
  std::string original_file_name;
  std::string description, product, company, file_version;
  std::string hashes;  // "SHA1=..,MD5=..,SHA256=..,IMPHASH=.."
  std::string parent_image, parent_command_line;
  std::string parent_guid;
  int parent_pid = 0;
  std::string integrity = "Medium";
};
std::string SysmonProcessCreate(Millis t, const SysmonCommon& c, const SysmonProcess& p);

struct SysmonConnection {
  std::string src_ip, dst_ip, dst_hostname;
  int src_port = 0, dst_port = 0;
};
std::string SysmonNetworkConnect(Millis t, const SysmonCommon& c, const SysmonConnection& n);

std::string SysmonDnsQuery(Millis t, const SysmonCommon& c, const std::string& query,
                           const std::string& results);

}  // namespace shrike::demo_internal
