/**
 * Checkpoint signing keys held in a PKCS#11 token (a hardware security module, a cloud HSM's PKCS#11 library, or
 * SoftHSM for trials): the Ed25519 private key is generated in the token and never leaves it, so whoever reads the
 * sink's Secrets or its memory cannot take it away and sign with it elsewhere. The only package that uses the
 * PKCS#11 wrapper (ipkcs11wrapper). What each PKCS#11 feature is used for:
 * <ul>
 *   <li><b>C_Initialize</b>, once per library per process ({@code Pkcs11Modules}): a second call fails with
 *       CKR_CRYPTOKI_ALREADY_INITIALIZED, so every signer of a library shares one module.</li>
 *   <li><b>C_GetSlotList, C_GetTokenInfo</b>: find the token by its label (or its index among the slots with a
 *       token).</li>
 *   <li><b>C_OpenSession, C_Login (CKU_USER)</b>: one pool of logged-in sessions per token and process
 *       ({@code TokenLogins}). The login state is shared by all sessions of a process, so a second login with
 *       another PIN would be accepted without a check: the pool compares PINs itself.</li>
 *   <li><b>C_FindObjects</b> on CKA_CLASS and CKA_LABEL: the private and the public key of a label, exactly one
 *       each.</li>
 *   <li><b>C_GetAttributeValue</b>: CKA_KEY_TYPE (CKK_EC_EDWARDS), CKA_SENSITIVE and CKA_EXTRACTABLE (a key that
 *       may leave the token is refused), CKA_EC_POINT (the 32-byte public key the verifier key is made of).</li>
 *   <li><b>C_Sign with CKM_EDDSA</b> and no parameters: pure Ed25519 (RFC 8032), the signature the signed-note
 *       format uses. Each signature is verified with the public key before it is returned.</li>
 *   <li><b>C_GenerateKeyPair with CKM_EC_EDWARDS_KEY_PAIR_GEN</b>, CKA_EC_PARAMS the OID of Ed25519
 *       (1.3.101.112): key generation in the token, with CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE,
 *       CKA_EXTRACTABLE=false and CKA_SIGN.</li>
 * </ul>
 */
package io.auditseal.hsm;
