package csms.sdksuite;

/**
 * An IAM token (X-Auth-Token) for the Java SDK, which has no public token mode: BasicCredentials sends X-Auth-Token, and
 * skips AK/SK signing, only when its protected {@code authToken} is set, which the SDK itself does only in the IdP /
 * id-token flow. A hack, not an SDK feature: ClientBuilder.build() accepts a credential only when its class's simple name
 * is "BasicCredentials", so the subclass must be named that too, hence this holder class.
 */
final class IamToken {
  private IamToken() {}

  static final class BasicCredentials extends com.huaweicloud.sdk.core.auth.BasicCredentials {
    BasicCredentials(String token) {
      this.authToken = token;
    }

    /** Never trade the token for another one (the id-token flow would call IAM). */
    @Override
    protected boolean needUpdateAuthToken() {
      return false;
    }
  }
}
