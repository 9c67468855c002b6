// The lab CA and its "stolen" code-signing certificate (OpenSSL 3 API).
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
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
struct BnFree {
  void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
struct BnCtxFree {
  void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

Error SslError(const std::string& what) { return Error(ErrorCode::kInternal, "OpenSSL: " + what); }

// A prime of `bits` bits drawn from the demo's generator: the first prime at
// or above a random odd start with the top two bits set, so p*q has exactly
// 2*bits bits. BN_check_prime's own randomness only bounds its error
// probability (below 2^-128); it does not change which number is returned.
BnPtr SeededPrime(int bits, Rng& rng, BN_CTX* ctx) {
  std::string bytes = rng.Bytes(static_cast<std::size_t>(bits / 8));
  bytes.front() = static_cast<char>(bytes.front() | 0xC0);
  bytes.back() = static_cast<char>(bytes.back() | 1);
  BnPtr p(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                    static_cast<int>(bytes.size()), nullptr));
  BnPtr p1(BN_new());
  while (p && p1) {
    // p - 1 must be prime to e = 65537, which is prime: p mod e != 1.
    if (BN_mod_word(p.get(), 65537) != 1 && BN_check_prime(p.get(), ctx, nullptr) == 1) return p;
    if (BN_add_word(p.get(), 2) != 1) break;
  }
  return nullptr;
}

// An RSA key from the demo's generator, so that the same seed gives the same
// certificates and thumbprint (RSA PKCS#1 v1.5 signatures are deterministic).
Result<KeyPtr> SeededRsaKey(Rng& rng) {
  std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
  BnPtr p = SeededPrime(1024, rng, ctx.get()), q = SeededPrime(1024, rng, ctx.get());
  BnPtr n(BN_new()), e(BN_new()), d(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new());
  BnPtr dp(BN_new()), dq(BN_new()), qinv(BN_new());
  bool ok = ctx && p && q && n && e && d && p1 && q1 && phi && dp && dq && qinv &&
            BN_cmp(p.get(), q.get()) != 0 && BN_set_word(e.get(), 65537) &&
            BN_mul(n.get(), p.get(), q.get(), ctx.get()) &&
            BN_sub(p1.get(), p.get(), BN_value_one()) &&
            BN_sub(q1.get(), q.get(), BN_value_one()) &&
            BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) &&
            BN_mod_inverse(d.get(), e.get(), phi.get(), ctx.get()) != nullptr &&
            BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) &&
            BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) &&
            BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get()) != nullptr;
  if (!ok) return SslError("seeded RSA key");
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  ok = bld && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv.get());
  if (!ok) return SslError("RSA parameters");
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> pctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !pctx || EVP_PKEY_fromdata_init(pctx.get()) != 1 ||
      EVP_PKEY_fromdata(pctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return SslError("EVP_PKEY_fromdata");
  }
  return KeyPtr(key);
}

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
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), 2082758399);   // 2035-12-31
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
  SHRIKE_TRY(KeyPtr ca_key, SeededRsaKey(rng));
  SHRIKE_TRY(KeyPtr signer_key, SeededRsaKey(rng));
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
