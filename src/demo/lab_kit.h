// The lab's binaries: a PsExec-like PE (version info of Sysinternals PsExec,
// OriginalFilename psexec.c) and a payload signed by a lab "stolen"
// code-signing certificate. Built with mingw-w64 and signed with osslsigncode
// when they are on PATH; the CA and the signer are made with the OpenSSL API.
// Nothing built is ever executed. Sources, certificates and build output stay
// in the lab folder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "demo/campaign.h"
#include "demo/rng.h"

namespace shrike::demo_internal {

// Builds the kit in lab_dir. When a tool is missing or a step fails, returns
// a kit with built == false and says why in *warning.
LabKit BuildLabKit(const std::string& lab_dir, Rng& rng, std::string* warning);

// Makes a lab CA and a code-signing certificate issued by it, keys and
// serials drawn from rng (same seed, same certificates); writes
// lab-ca.pem, lab-signer.pem (signer then CA) and lab-signer.key into dir.
struct LabSigner {
  std::string chain_path, key_path;
  std::string sha1;    // thumbprint of the signer certificate, lowercase hex
  std::string serial;  // its serial number, lowercase hex
};
Result<LabSigner> MakeLabSigner(const std::string& dir, Rng& rng);

}  // namespace shrike::demo_internal
