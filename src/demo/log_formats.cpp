#include "demo/log_formats.h"

#include <ctime>

#include "core/json_writer.h"

namespace shrike::demo_internal {
namespace {

std::string Format(const char* fmt, Millis t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), fmt, &tm);
  return buf;
}

std::string Ms(Millis t) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%03d", static_cast<int>(t % 1000));
  return buf;
}

// Zeek's ts: seconds with six decimals.
std::string ZeekTime(Millis t) { return std::to_string(t / 1000) + "." + Ms(t) + "000"; }

std::string SysmonUtc(Millis t) { return Format("%Y-%m-%d %H:%M:%S.", t) + Ms(t); }

// The envelope winlogbeat writes around every Sysmon event.
void BeginSysmon(JsonWriter& w, Millis t, const SysmonCommon& c, int event_id, const char* task) {
  w.BeginObject().Field("@timestamp", IsoMillis(t));
  w.Key("host").BeginObject().Field("name", c.host).EndObject();
  w.Key("agent").BeginObject().Field("type", "winlogbeat").Field("version", "7.9.1").EndObject();
  w.Key("event")
      .BeginObject()
      .Field("code", std::to_string(event_id))
      .Field("provider", "Microsoft-Windows-Sysmon")
      .Field("module", "sysmon")
      .Field("action", task)
      .EndObject();
  w.Key("winlog").BeginObject();
  w.Field("channel", "Microsoft-Windows-Sysmon/Operational")
      .Field("provider_name", "Microsoft-Windows-Sysmon")
      .Field("computer_name", c.host)
      .Field("event_id", event_id)
      .Field("record_id", static_cast<std::int64_t>(c.record_id))
      .Field("task", task);
  w.Key("event_data").BeginObject();
  w.Field("RuleName", "-").Field("UtcTime", SysmonUtc(t)).Field("ProcessGuid", c.process_guid);
  w.Field("ProcessId", std::to_string(c.pid)).Field("Image", c.image);
}

std::string EndSysmon(JsonWriter& w) {
  w.EndObject().EndObject().EndObject();
  return w.Take();
}

}  // namespace

std::string IsoMillis(Millis t) { return Format("%Y-%m-%dT%H:%M:%S.", t) + Ms(t) + "Z"; }

std::string ZeekDnsHeader(Millis open) {
  return "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
         "#path\tdns\n#open\t" +
         Format("%Y-%m-%d-%H-%M-%S", open) +
         "\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\t"
         "query\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\t"
         "answers\tTTLs\trejected\n"
         "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\t"
         "string\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\t"
         "vector[interval]\tbool\n";
}

std::string ZeekDnsFooter(Millis close) {
  return "#close\t" + Format("%Y-%m-%d-%H-%M-%S", close) + "\n";
}

std::string ZeekDnsRecord(Millis t, const DnsQuery& q) {
  bool answered = !q.answers.empty();
  int qtype = q.qtype == "AAAA" ? 28 : 1;
  std::string ttls;
  for (char c : q.answers) {
    if (c == ',') ttls += "300.000000,";
  }
  if (answered) ttls += "300.000000";
  return ZeekTime(t) + "\t" + q.uid + "\t" + q.client_ip + "\t" + std::to_string(q.client_port) +
         "\t" + q.resolver_ip + "\t53\tudp\t" + std::to_string(q.trans_id) + "\t0.0" +
         std::to_string(10 + q.trans_id % 80) + "000\t" + q.query + "\t1\tC_INTERNET\t" +
         std::to_string(qtype) + "\t" + q.qtype + "\t" + (answered ? "0\tNOERROR" : "3\tNXDOMAIN") +
         "\tF\tF\tT\tT\t0\t" + (answered ? q.answers : "-") + "\t" + (answered ? ttls : "-") +
         "\tF";
}

std::string ProxyRecord(Millis t, const ProxyRequest& r) {
  std::string code =
      r.method == "CONNECT" ? "TCP_TUNNEL" : (r.status == 200 ? "TCP_MISS" : "TCP_DENIED");
  std::string hier = r.server_ip.empty() ? "HIER_NONE/-" : "HIER_DIRECT/" + r.server_ip;
  std::string type = r.method == "CONNECT" ? "-" : "text/html";
  return IsoMillis(t) + " " + r.proxy_host + " squid[812]: " + std::to_string(t / 1000) + "." +
         Ms(t) + " " + std::to_string(r.elapsed_ms) + " " + r.client_ip + " " + code + "/" +
         std::to_string(r.status) + " " + std::to_string(r.bytes) + " " + r.method + " " +
         r.target + " - " + hier + " " + type;
}

std::string FirewallRecord(Millis t, const FirewallPacket& p) {
  return IsoMillis(t) + " " + p.firewall_host + " kernel: [FW-OUT-" + p.action +
         "] IN=eth1 OUT=eth0 SRC=" + p.src_ip + " DST=" + p.dst_ip +
         " LEN=60 TOS=0x00 PREC=0x00 TTL=127 ID=" + std::to_string(p.id) +
         " DF PROTO=TCP SPT=" + std::to_string(p.src_port) + " DPT=" + std::to_string(p.dst_port) +
         " WINDOW=64240 RES=0x00 SYN URGP=0";
}

std::string SysmonProcessCreate(Millis t, const SysmonCommon& c, const SysmonProcess& p) {
  JsonWriter w;
  BeginSysmon(w, t, c, 1, "Process Create (rule: ProcessCreate)");
  w.Field("FileVersion", p.file_version)
      .Field("Description", p.description)
      .Field("Product", p.product)
      .Field("Company", p.company)
      .Field("OriginalFileName", p.original_file_name)
      .Field("CommandLine", p.command_line)
      .Field("CurrentDirectory", p.current_directory)
      .Field("User", c.user)
      .Field("LogonId", "0x3e7")
      .Field("TerminalSessionId", "1")
      .Field("IntegrityLevel", p.integrity)
      .Field("Hashes", p.hashes)
      .Field("ParentProcessGuid", p.parent_guid)
      .Field("ParentProcessId", std::to_string(p.parent_pid))
      .Field("ParentImage", p.parent_image)
      .Field("ParentCommandLine", p.parent_command_line);
  return EndSysmon(w);
}

std::string SysmonNetworkConnect(Millis t, const SysmonCommon& c, const SysmonConnection& n) {
  JsonWriter w;
  BeginSysmon(w, t, c, 3, "Network connection detected (rule: NetworkConnect)");
  w.Field("User", c.user)
      .Field("Protocol", "tcp")
      .Field("Initiated", "true")
      .Field("SourceIsIpv6", "false")
      .Field("SourceIp", n.src_ip)
      .Field("SourcePort", std::to_string(n.src_port))
      .Field("DestinationIsIpv6", "false")
      .Field("DestinationIp", n.dst_ip)
      .Field("DestinationHostname", n.dst_hostname.empty() ? "-" : n.dst_hostname)
      .Field("DestinationPort", std::to_string(n.dst_port));
  return EndSysmon(w);
}

std::string SysmonDnsQuery(Millis t, const SysmonCommon& c, const std::string& query,
                           const std::string& results) {
  JsonWriter w;
  BeginSysmon(w, t, c, 22, "Dns query (rule: DnsQuery)");
  w.Field("QueryName", query)
      .Field("QueryStatus", results.empty() ? "9003" : "0")
      .Field("QueryResults", results.empty() ? "-" : results);
  return EndSysmon(w);
}

}  // namespace shrike::demo_internal
