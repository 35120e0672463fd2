// OpenSSL 3 shim. Swift cannot build OSSL_PARAM arrays or call function-like macros
// comfortably, so the few operations that need them are small static inline helpers here.
#ifndef THRESIG_COPENSSL_SHIM_H
#define THRESIG_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <string.h>
#include <pthread.h>

/// The "HKDF" EVP_KDF, fetched once (EVP_KDF_fetch searches the provider store on every
/// call, which costs microseconds in OpenSSL 3). Initialised under pthread_once; never
/// freed (one object for the life of the process). NULL if the fetch failed.
static EVP_KDF *thresig_hkdf_kdf = NULL;
static pthread_once_t thresig_hkdf_once = PTHREAD_ONCE_INIT;
static void thresig_hkdf_fetch(void) { thresig_hkdf_kdf = EVP_KDF_fetch(NULL, "HKDF", NULL); }

/// HKDF-SHA256 (RFC 5869, extract-then-expand) through EVP_KDF.
/// Returns 1 on success, 0 on failure (e.g. `out_len` > 255 * 32).
static inline int thresig_hkdf_sha256(const unsigned char *ikm, size_t ikm_len,
                                      const unsigned char *salt, size_t salt_len,
                                      const unsigned char *info, size_t info_len,
                                      unsigned char *out, size_t out_len) {
    if (out_len == 0 || out_len > 255 * 32) return 0;
    pthread_once(&thresig_hkdf_once, thresig_hkdf_fetch);
    if (thresig_hkdf_kdf == NULL) return 0;
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(thresig_hkdf_kdf);
    if (ctx == NULL) return 0;
    static const unsigned char empty[1] = {0};
    OSSL_PARAM params[5];
    int i = 0;
    params[i++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
    params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                      (void *)(ikm_len ? ikm : empty), ikm_len);
    params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                      (void *)(salt_len ? salt : empty), salt_len);
    params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                      (void *)(info_len ? info : empty), info_len);
    params[i++] = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(ctx, out, out_len, params) == 1;
    EVP_KDF_CTX_free(ctx);
    return ok;
}

/// HMAC-SHA256 through EVP_MAC. Returns 1 on success.
static inline int thresig_hmac_sha256(const unsigned char *key, size_t key_len,
                                      const unsigned char *msg, size_t msg_len,
                                      unsigned char out[32]) {
    static const unsigned char empty[1] = {0};
    size_t out_len = 0;
    unsigned char *r = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL,
                                 key_len ? key : empty, key_len,
                                 msg_len ? msg : empty, msg_len, out, 32, &out_len);
    return r != NULL && out_len == 32;
}
#endif
