// PE metadata read from libyara's `pe` module output after a scan: version
// info, imphash and Authenticode certificates.
//
// libyara 4.2 gives each certificate's subject, issuer, serial and SHA-1
// thumbprint but no SHA-256 thumbprint, and exposes imphash only as a rule
// function; so the SHA-256 thumbprints come from the same certificate table
// parsed with OpenSSL (d2i_PKCS7 over the buffer libyara scanned), and the
// imphash is computed from `pe.import_details` exactly as pe.imphash() does.
#pragma once

#include <yara.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace shrike::files {

struct PeSigner {
  std::string subject;  // "/C=US/O=Microsoft Corporation/CN=..." (OpenSSL oneline)
  std::string issuer;   // same form
  std::string serial;   // lower-case hex, no colons
  std::string sha1;     // thumbprint, lower-case hex
  std::string sha256;   // thumbprint, lower-case hex; empty when unknown
};

struct PeInfo {
  bool is_pe = false;
  // Version info (StringFileInfo) as ECS field name -> value, in a fixed
  // order: original_file_name, internal_name, product, company, description,
  // file_version.
  std::vector<std::pair<std::string, std::string>> version;
  std::string imphash;  // empty when there are no imports
  std::vector<PeSigner> signers;
};

// Reads the pe module object (the YR_OBJECT libyara passes with
// CALLBACK_MSG_MODULE_IMPORTED; valid only inside the scan callback). `data`
// is the buffer that was scanned. Never fails: what is absent stays empty.
PeInfo ReadPeModule(YR_OBJECT* pe, std::span<const std::uint8_t> data);

// Appends the ECS fields of a PE: file.pe.* and, per signer,
// file.code_signature.* and file.x509.*.
void AppendPeFields(const PeInfo& pe, std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace shrike::files
