#include "demo/estate.h"

#include <openssl/evp.h>

namespace shrike::demo_internal {
namespace {

std::string Digest(const EVP_MD* md, std::string_view content) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(content.data(), content.size(), out, &size, md, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

std::string Upper(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return s;
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string TreePath(const std::string& windows_path) {
  std::string out = "files/";
  for (char c : windows_path) {
    if (c == ':') continue;
    out.push_back(c == '\\' ? '/' : c);
  }
  return out;
}

std::string Sha256Hex(std::string_view content) { return Digest(EVP_sha256(), content); }
std::string Sha1Hex(std::string_view content) { return Digest(EVP_sha1(), content); }

std::string SysmonHashes(std::string_view content, Rng& rng) {
  return "SHA1=" + Upper(Sha1Hex(content)) + ",MD5=" + Upper(Digest(EVP_md5(), content)) +
         ",SHA256=" + Upper(Sha256Hex(content)) + ",IMPHASH=" + Upper(rng.Hex(32));
}

std::string Estate::MadeUpHashes(const std::string& image) {
  auto it = made_up_.find(image);
  if (it != made_up_.end()) return it->second;
  std::string h = "SHA1=" + Upper(rng_.Hex(40)) + ",MD5=" + Upper(rng_.Hex(32)) +
                  ",SHA256=" + Upper(rng_.Hex(64)) + ",IMPHASH=" + Upper(rng_.Hex(32));
  return made_up_[image] = h;
}

std::string Estate::Guid() {
  std::string h = Upper(rng_.Hex(32));
  return "{" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12) + "}";
}

std::string Estate::ZeekUid() {
  static constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string uid = "C";
  for (int i = 0; i < 17; ++i) uid.push_back(kAlnum[rng_.Below(62)]);
  return uid;
}

SysmonCommon Estate::Common(const OrgPlan& org, const HostPlan& host, const std::string& image,
                            const std::string& user) {
  SysmonCommon c;
  c.host = host.name;
  c.user = user.empty() ? "CORP\\" + host.user : user;
  c.record_id = ++record_ids_[host.name];
  c.process_guid = Guid();
  c.pid = static_cast<int>(rng_.Between(400, 12000)) & ~3;
  c.image = image;
  return c;
}

std::string Estate::ZeekDns(const OrgPlan& org, Millis t, const HostPlan& client,
                            const std::string& query, const std::string& answers) {
  const HostPlan& sensor = org.Network(HostRole::kDnsSensor);
  std::string path = org.HostDir(sensor) + "/logs/dns.log";
  demo_internal::DnsQuery q;
  q.uid = ZeekUid();
  q.client_ip = client.ip;
  q.client_port = static_cast<int>(rng_.Between(49152, 65535));
  q.resolver_ip = "10." + std::to_string(org.index) + ".0.2";
  q.trans_id = static_cast<int>(rng_.Below(65536));
  q.query = query;
  q.answers = answers;
  writer_.AddRecord(path, t, ZeekDnsRecord(t, q));
  return path;
}

std::string Estate::Proxy(const OrgPlan& org, Millis t, const HostPlan& client,
                          const std::string& method, const std::string& target,
                          const std::string& server_ip, int bytes) {
  const HostPlan& proxy = org.Network(HostRole::kProxy);
  std::string path = org.HostDir(proxy) + "/logs/access.log";
  ProxyRequest r{proxy.name, client.ip, method, target,
                 server_ip,  200,       bytes,  static_cast<int>(rng_.Between(20, 90000))};
  writer_.AddRecord(path, t, ProxyRecord(t, r));
  return path;
}

std::string Estate::Firewall(const OrgPlan& org, Millis t, const HostPlan& client,
                             const std::string& dst_ip, int dst_port, const std::string& action) {
  const HostPlan& fw = org.Network(HostRole::kFirewall);
  std::string path = org.HostDir(fw) + "/logs/firewall.log";
  FirewallPacket p{fw.name,
                   client.ip,
                   dst_ip,
                   static_cast<int>(rng_.Between(49152, 65535)),
                   dst_port,
                   action,
                   static_cast<int>(rng_.Below(65536))};
  writer_.AddRecord(path, t, FirewallRecord(t, p));
  return path;
}

std::string Estate::Process(const OrgPlan& org, const HostPlan& host, Millis t,
                            const ProcessSpec& p) {
  std::string path = org.HostDir(host) + "/logs/sysmon.ndjson";
  SysmonCommon c = Common(org, host, p.image, p.user);
  SysmonProcess s;
  s.command_line = p.command_line.empty() ? "\"" + p.image + "\"" : p.command_line;
  s.current_directory = "C:\\Windows\\system32\\";
  s.original_file_name = p.original_file_name == "-" ? BaseName(p.image) : p.original_file_name;
  s.description = p.description;
  s.product = p.product;
  s.company = p.company;
  s.file_version = p.file_version;
  s.hashes = p.hashes.empty() ? MadeUpHashes(p.image) : p.hashes;
  s.parent_image = p.parent_image;
  s.parent_command_line = p.parent_command_line.empty() ? p.parent_image : p.parent_command_line;
  s.parent_guid = Guid();
  s.parent_pid = static_cast<int>(rng_.Between(400, 12000)) & ~3;
  s.integrity = p.integrity;
  writer_.AddRecord(path, t, SysmonProcessCreate(t, c, s));
  return path;
}

std::string Estate::Connect(const OrgPlan& org, const HostPlan& host, Millis t,
                            const std::string& image, const std::string& dst_ip, int dst_port,
                            const std::string& dst_name) {
  std::string path = org.HostDir(host) + "/logs/sysmon.ndjson";
  SysmonConnection n{host.ip, dst_ip, dst_name, static_cast<int>(rng_.Between(49152, 65535)),
                     dst_port};
  writer_.AddRecord(path, t, SysmonNetworkConnect(t, Common(org, host, image, ""), n));
  return path;
}

std::string Estate::DnsQuery(const OrgPlan& org, const HostPlan& host, Millis t,
                             const std::string& image, const std::string& query,
                             const std::string& results) {
  std::string path = org.HostDir(host) + "/logs/sysmon.ndjson";
  writer_.AddRecord(path, t, SysmonDnsQuery(t, Common(org, host, image, ""), query, results));
  return path;
}

std::string Estate::File(const OrgPlan& org, const HostPlan& host, const std::string& windows_path,
                         std::string content, UnixTime mtime) {
  std::string path = org.HostDir(host) + "/" + TreePath(windows_path);
  writer_.AddFile(path, std::move(content), mtime);
  return path;
}

}  // namespace shrike::demo_internal
