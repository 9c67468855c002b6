#include "files/pe_info.h"

#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace shrike::files {
namespace {

// Bounds on hostile input: certificate table entries read, imports hashed.
constexpr int kMaxCertEntries = 16;
constexpr int kMaxImports = 1 << 16;
constexpr std::uint32_t kWinCertPkcsSignedData = 2;
constexpr int kSecurityDirectory = 4;

struct VersionKey {
  const char* pe_key;
  const char* field;
};
constexpr std::array<VersionKey, 6> kVersionKeys = {{
    {"OriginalFilename", "file.pe.original_file_name"},
    {"InternalName", "file.pe.internal_name"},
    {"ProductName", "file.pe.product"},
    {"CompanyName", "file.pe.company"},
    {"FileDescription", "file.pe.description"},
    {"FileVersion", "file.pe.file_version"},
}};

// --- Walking libyara's object tree (public structs of yara/types.h) ---

YR_OBJECT* Member(YR_OBJECT* s, const char* name) {
  if (s == nullptr || s->type != OBJECT_TYPE_STRUCTURE) return nullptr;
  for (YR_STRUCTURE_MEMBER* m = reinterpret_cast<YR_OBJECT_STRUCTURE*>(s)->members; m != nullptr;
       m = m->next) {
    if (m->object != nullptr && std::strcmp(m->object->identifier, name) == 0) return m->object;
  }
  return nullptr;
}

std::optional<std::string> Str(YR_OBJECT* o) {
  if (o == nullptr || o->type != OBJECT_TYPE_STRING || o->value.ss == nullptr) return {};
  return std::string(o->value.ss->c_string, o->value.ss->length);
}

std::optional<std::int64_t> Int(YR_OBJECT* o) {
  if (o == nullptr || o->type != OBJECT_TYPE_INTEGER || IS_UNDEFINED(o->value.i)) return {};
  return o->value.i;
}

int Length(YR_OBJECT* a) {
  if (a == nullptr || a->type != OBJECT_TYPE_ARRAY) return 0;
  YR_ARRAY_ITEMS* items = reinterpret_cast<YR_OBJECT_ARRAY*>(a)->items;
  return items == nullptr ? 0 : items->length;
}

YR_OBJECT* Item(YR_OBJECT* a, int i) {
  if (i < 0 || i >= Length(a)) return nullptr;
  return reinterpret_cast<YR_OBJECT_ARRAY*>(a)->items->objects[i];
}

YR_OBJECT* DictItem(YR_OBJECT* d, const char* key) {
  if (d == nullptr || d->type != OBJECT_TYPE_DICTIONARY) return nullptr;
  YR_DICTIONARY_ITEMS* items = reinterpret_cast<YR_OBJECT_DICTIONARY*>(d)->items;
  if (items == nullptr) return nullptr;
  for (int i = 0; i < items->used; ++i) {
    SIZED_STRING* k = items->objects[i].key;
    if (k != nullptr && std::strcmp(k->c_string, key) == 0) return items->objects[i].obj;
  }
  return nullptr;
}

std::string ToHex(const unsigned char* bytes, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '\0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// --- imphash: what libyara's pe.imphash() hashes ---

// "kernel32.dll" -> "kernel32": .dll, .ocx and .sys are cut at the first dot.
std::string ImportLibraryStem(const std::string& name) {
  std::size_t dot = name.find('.');
  if (dot == std::string::npos) return name;
  std::string ext = Lower(name.substr(dot, 4));
  return ext == ".dll" || ext == ".ocx" || ext == ".sys" ? name.substr(0, dot) : name;
}

std::string Imphash(YR_OBJECT* pe) {
  YR_OBJECT* imports = Member(pe, "import_details");
  std::string text;
  int hashed = 0;
  for (int i = 0; i < Length(imports) && hashed < kMaxImports; ++i) {
    YR_OBJECT* lib = Item(imports, i);
    std::string stem = ImportLibraryStem(Str(Member(lib, "library_name")).value_or(""));
    YR_OBJECT* functions = Member(lib, "functions");
    for (int j = 0; j < Length(functions) && hashed < kMaxImports; ++j, ++hashed) {
      std::optional<std::string> fn = Str(Member(Item(functions, j), "name"));
      if (!fn) continue;
      if (!text.empty()) text += ',';
      text += Lower(stem + "." + *fn);
    }
  }
  if (text.empty()) return {};
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), md, &n, EVP_md5(), nullptr) != 1) return {};
  return ToHex(md, n);
}

// --- certificate SHA-256 thumbprints, keyed by SHA-1 ---

struct Pkcs7Free {
  void operator()(PKCS7* p) const { PKCS7_free(p); }
};

std::uint32_t Le32(const std::uint8_t* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void AddCertDigests(PKCS7* p7, std::map<std::string, std::string>& out) {
  if (!PKCS7_type_is_signed(p7) || p7->d.sign == nullptr) return;
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    X509* cert = sk_X509_value(certs, i);
    unsigned char sha1[EVP_MAX_MD_SIZE], sha256[EVP_MAX_MD_SIZE];
    unsigned int n1 = 0, n256 = 0;
    if (X509_digest(cert, EVP_sha1(), sha1, &n1) == 1 &&
        X509_digest(cert, EVP_sha256(), sha256, &n256) == 1)
      out[ToHex(sha1, n1)] = ToHex(sha256, n256);
  }
}

// The certificate table (data directory 4; its address is a file offset):
// WIN_CERTIFICATE entries {u32 length, u16 revision, u16 type, bytes}, each
// padded to 8 bytes.
std::map<std::string, std::string> CertSha256BySha1(YR_OBJECT* pe,
                                                    std::span<const std::uint8_t> data) {
  std::map<std::string, std::string> out;
  YR_OBJECT* dir = Item(Member(pe, "data_directories"), kSecurityDirectory);
  std::int64_t offset = Int(Member(dir, "virtual_address")).value_or(0);
  std::int64_t size = Int(Member(dir, "size")).value_or(0);
  if (offset <= 0 || size <= 0 || static_cast<std::uint64_t>(offset) >= data.size()) return out;
  std::uint64_t end = std::min<std::uint64_t>(
      data.size(), static_cast<std::uint64_t>(offset) + static_cast<std::uint64_t>(size));
  std::uint64_t pos = static_cast<std::uint64_t>(offset);
  for (int entry = 0; entry < kMaxCertEntries && pos + 8 <= end; ++entry) {
    std::uint32_t length = Le32(&data[pos]);
    std::uint32_t type = data[pos + 6] | data[pos + 7] << 8;
    if (length <= 8 || length > end - pos) break;
    if (type == kWinCertPkcsSignedData) {
      const unsigned char* der = &data[pos + 8];
      std::unique_ptr<PKCS7, Pkcs7Free> p7(d2i_PKCS7(nullptr, &der, length - 8));
      if (p7) AddCertDigests(p7.get(), out);
    }
    pos += (static_cast<std::uint64_t>(length) + 7) & ~std::uint64_t{7};
  }
  return out;
}

std::string SerialHex(const std::string& colon_hex) {
  std::string out;
  for (char c : colon_hex) {
    if (c != ':') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<PeSigner> Signers(YR_OBJECT* pe, std::span<const std::uint8_t> data) {
  YR_OBJECT* sigs = Member(pe, "signatures");
  std::vector<PeSigner> signers;
  if (Length(sigs) == 0) return signers;
  std::map<std::string, std::string> sha256 = CertSha256BySha1(pe, data);
  for (int i = 0; i < Length(sigs); ++i) {
    YR_OBJECT* sig = Item(sigs, i);
    PeSigner s;
    s.subject = Str(Member(sig, "subject")).value_or("");
    s.issuer = Str(Member(sig, "issuer")).value_or("");
    s.serial = SerialHex(Str(Member(sig, "serial")).value_or(""));
    s.sha1 = Lower(Str(Member(sig, "thumbprint")).value_or(""));
    if (auto it = sha256.find(s.sha1); it != sha256.end()) s.sha256 = it->second;
    if (!s.sha1.empty() || !s.subject.empty()) signers.push_back(std::move(s));
  }
  return signers;
}

}  // namespace

PeInfo ReadPeModule(YR_OBJECT* pe, std::span<const std::uint8_t> data) {
  PeInfo info;
  info.is_pe = Int(Member(pe, "is_pe")).value_or(0) != 0;
  if (!info.is_pe) return info;
  YR_OBJECT* version = Member(pe, "version_info");
  for (const VersionKey& key : kVersionKeys) {
    std::optional<std::string> value = Str(DictItem(version, key.pe_key));
    if (value && !value->empty()) info.version.emplace_back(key.field, std::move(*value));
  }
  info.imphash = Imphash(pe);
  info.signers = Signers(pe, data);
  return info;
}

void AppendPeFields(const PeInfo& pe, std::vector<std::pair<std::string, std::string>>& fields) {
  if (!pe.is_pe) return;
  for (const auto& field : pe.version) fields.push_back(field);
  if (!pe.imphash.empty()) fields.emplace_back("file.pe.imphash", pe.imphash);
  if (pe.signers.empty()) return;
  fields.emplace_back("file.code_signature.exists", "true");
  for (const PeSigner& s : pe.signers) {
    fields.emplace_back("file.code_signature.subject_name", s.subject);
    fields.emplace_back("file.x509.issuer.distinguished_name", s.issuer);
    fields.emplace_back("file.x509.serial_number", s.serial);
    fields.emplace_back("file.code_signature.thumbprint_sha1", s.sha1);
    if (!s.sha256.empty()) fields.emplace_back("file.code_signature.thumbprint_sha256", s.sha256);
  }
}

}  // namespace shrike::files
