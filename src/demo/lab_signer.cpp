// The lab CA and its "stolen" code-signing certificate (OpenSSL 3 API).
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "demo/lab_kit.h"

namespace shrike::demo_internal {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* x) const { X509_free(x); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free_all(b); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

Error SslError(const std::string& what) { return Error(ErrorCode::kInternal, "OpenSSL: " + what); }

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

struct CertSpec {
  std::string common_name, organization;
  bool ca = false;
};

// A certificate for key, issued by issuer (self-signed when issuer is null).
Result<CertPtr> MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                         Rng& rng) {
  CertPtr cert(X509_new());
  if (!cert) return SslError("X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), rng.Next() >> 1);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), 1514764800);  // 2018-01-01
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), 1672531199);   // 2022-12-31
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  auto add = [&](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  add("C", "TW");
  add("O", spec.organization);
  add("CN", spec.common_name);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  bool ok = AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (spec.ca) {
    ok = ok && AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE") &&
         AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
         AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature") &&
         AddExtension(cert.get(), signer, NID_ext_key_usage, "codeSigning") &&
         AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  }
  if (!ok) return SslError("certificate extensions");
  if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) {
    return SslError("X509_sign");
  }
  return cert;
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

Status WritePem(const std::string& path, const std::vector<X509*>& certs, EVP_PKEY* key) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"));
  if (!bio) {
    Location where;
    where.file = path;
    return Error(ErrorCode::kIo, "cannot write", where);
  }
  bool ok = true;
  for (X509* c : certs) ok = ok && PEM_write_bio_X509(bio.get(), c) == 1;
  if (key != nullptr) {
    ok = ok && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  }
  return ok ? Ok() : SslError("PEM write " + path);
}

}  // namespace

Result<LabSigner> MakeLabSigner(const std::string& dir, Rng& rng) {
  KeyPtr ca_key(EVP_RSA_gen(2048));
  KeyPtr signer_key(EVP_RSA_gen(2048));
  if (!ca_key || !signer_key) return SslError("RSA key generation");
  SHRIKE_TRY(CertPtr ca, MakeCert({"Shrike Lab Root CA (not trusted)", "Shrike demo lab", true},
                                  ca_key.get(), nullptr, nullptr, rng));
  SHRIKE_TRY(CertPtr signer, MakeCert({"Lab Stolen Code Signing (Shrike demo)",
                                       "Contoso Semiconductor Ltd. (lab)", false},
                                      signer_key.get(), ca.get(), ca_key.get(), rng));
  LabSigner out;
  out.chain_path = dir + "/lab-signer.pem";
  out.key_path = dir + "/lab-signer.key";
  SHRIKE_RETURN_IF_ERROR(WritePem(dir + "/lab-ca.pem", {ca.get()}, nullptr));
  SHRIKE_RETURN_IF_ERROR(WritePem(out.chain_path, {signer.get(), ca.get()}, nullptr));
  SHRIKE_RETURN_IF_ERROR(WritePem(out.key_path, {}, signer_key.get()));
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(signer.get(), EVP_sha1(), md, &size) != 1) return SslError("X509_digest");
  out.sha1 = Hex(md, size);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(signer.get());
  out.serial = Hex(serial->data, static_cast<std::size_t>(serial->length));
  return out;
}

}  // namespace shrike::demo_internal
