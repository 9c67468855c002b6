// Estate: the emitters that write one record or one file of the lab estate
// into an EstateWriter, shared by the background generator and the campaign.
// Each returns the path (relative to the output folder) it wrote to, which
// the campaign puts in the manifest.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "demo/estate_writer.h"
#include "demo/log_formats.h"
#include "demo/plan.h"
#include "demo/rng.h"

namespace shrike::demo_internal {

// A process as Sysmon event 1 describes it.
struct ProcessSpec {
  std::string image;  // C:\Windows\System32\svchost.exe
  std::string command_line;
  std::string parent_image;
  std::string parent_command_line;
  std::string original_file_name = "-";
  std::string description = "-", product = "-", company = "-", file_version = "-";
  std::string hashes;  // empty: made up from the image path (not an indicator)
  std::string user;    // empty: the host's user
  std::string integrity = "Medium";
};

class Estate {
 public:
  Estate(EstateWriter& writer, std::uint64_t seed) : writer_(writer), rng_(seed) {}

  Rng& rng() { return rng_; }

  std::string ZeekDns(const OrgPlan& org, Millis t, const HostPlan& client,
                      const std::string& query, const std::string& answers);
  std::string Proxy(const OrgPlan& org, Millis t, const HostPlan& client, const std::string& method,
                    const std::string& target, const std::string& server_ip, int bytes);
  std::string Firewall(const OrgPlan& org, Millis t, const HostPlan& client,
                       const std::string& dst_ip, int dst_port, const std::string& action);
  std::string Process(const OrgPlan& org, const HostPlan& host, Millis t, const ProcessSpec& p);
  std::string Connect(const OrgPlan& org, const HostPlan& host, Millis t, const std::string& image,
                      const std::string& dst_ip, int dst_port, const std::string& dst_name);
  std::string DnsQuery(const OrgPlan& org, const HostPlan& host, Millis t, const std::string& image,
                       const std::string& query, const std::string& results);
  // A file at a Windows path (C:\...) of the host's tree, with its mtime.
  std::string File(const OrgPlan& org, const HostPlan& host, const std::string& windows_path,
                   std::string content, UnixTime mtime);

  // Digests of an image that is not an indicator: the same made-up values
  // every time the image appears.
  std::string MadeUpHashes(const std::string& image);

 private:
  SysmonCommon Common(const OrgPlan& org, const HostPlan& host, const std::string& image,
                      const std::string& user);
  std::string Guid();
  std::string ZeekUid();

  EstateWriter& writer_;
  Rng rng_;
  std::map<std::string, std::uint64_t> record_ids_;  // per host
  std::map<std::string, std::string> made_up_;       // image -> hashes
};

// "C:\Users\Public\x.exe" -> "files/C/Users/Public/x.exe"
std::string TreePath(const std::string& windows_path);
// "SHA1=..,MD5=..,SHA256=..,IMPHASH=.." of the bytes (imphash made up).
std::string SysmonHashes(std::string_view content, Rng& rng);
std::string Sha256Hex(std::string_view content);
std::string Sha1Hex(std::string_view content);

}  // namespace shrike::demo_internal
