package csms.sdksuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.csms.v1.model.CreatePasswordRequestBody;
import com.huaweicloud.sdk.csms.v1.model.GenerateRandomPasswordRequest;
import com.huaweicloud.sdk.csms.v1.model.GenerateRandomPasswordResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * GenerateRandomPassword through the SDK's typed client (the length and the character rules honoured, rules that leave
 * nothing to draw from refused), and the password-strength checker (CheckSecrets, ShowSecretsConfig, UpdateSecretsConfig),
 * which the pinned SDK has no model for: through {@link RawOperations}, against the document's examples, and their
 * documented errors as the SDK's typed error. No password is printed, only whether it follows the rules.
 */
final class PasswordsAndChecker {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Suite suite;
  private final Lifecycle lc;
  private final String url;

  PasswordsAndChecker(Suite suite, Lifecycle lc, String url) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
  }

  void run() {
    passwords();
    checker();
  }

  private void passwords() {
    suite.check("GenerateRandomPassword(length 24) [AK/SK]: 24 characters", () -> {
      String p = generate(lc.csms, new CreatePasswordRequestBody().withLength(24));
      return p.length() == 24 ? List.of() : List.of("a password of " + p.length() + " characters");
    });
    suite.check("GenerateRandomPassword(length 40, no numbers, no punctuation, not aeiou) [token]: 40 letters, none of aeiou", () -> {
      String p = generate(lc.token, new CreatePasswordRequestBody().withLength(40).withExcludeNumbers(true)
          .withExcludePunctuation(true).withExcludeCharacters("aeiou"));
      List<String> wrong = new ArrayList<>();
      if (p.length() != 40) wrong.add("a password of " + p.length() + " characters");
      if (!p.chars().allMatch(c -> c < 128 && Character.isLetter(c))) wrong.add("a character that is not an ASCII letter");
      if (p.chars().anyMatch(c -> "aeiou".indexOf(c) >= 0)) wrong.add("an excluded character");
      return wrong;
    });
    suite.check("GenerateRandomPassword(length 4, require_each_included_type) [AK/SK]: a lower, an upper, a digit, a punctuation", () -> {
      String p = generate(lc.csms, new CreatePasswordRequestBody().withLength(4).withRequireEachIncludedType(true));
      List<String> wrong = new ArrayList<>();
      if (p.length() != 4) wrong.add("a password of " + p.length() + " characters");
      if (p.chars().noneMatch(Character::isLowerCase)) wrong.add("no lower-case letter");
      if (p.chars().noneMatch(Character::isUpperCase)) wrong.add("no upper-case letter");
      if (p.chars().noneMatch(Character::isDigit)) wrong.add("no digit");
      if (p.chars().allMatch(Character::isLetterOrDigit)) wrong.add("no punctuation");
      return wrong;
    });
    suite.checkDocumented("GenerateRandomPassword(every kind of character excluded)", url, "GenerateRandomPassword",
        "PasswordRulesUnsatisfiable", null,
        () -> generate(lc.csms, new CreatePasswordRequestBody().withExcludeLowercase(true).withExcludeUppercase(true)
            .withExcludeNumbers(true).withExcludePunctuation(true)), null);
    suite.checkDocumented("GenerateRandomPassword(length 256, over the maximum of 255)", url, "GenerateRandomPassword",
        "MalformedBody", null, () -> generate(lc.token, new CreatePasswordRequestBody().withLength(256)), null);
  }

  private void checker() {
    suite.checkExamples(lc, "CheckSecrets", () -> {
      ObjectNode data = NODES.objectNode().put("password", Lifecycle.randomText());
      return NODES.objectNode().put("type", "1").set("data", data);
    });
    suite.checkExamples(lc, "ShowSecretsConfig", () -> null);
    suite.checkExamples(lc, "UpdateSecretsConfig", () -> NODES.objectNode().put("checking_secret_strength", false));
    suite.checkDocumented("CheckSecrets(no data) [through RawOperations]", url, "CheckSecrets", "MalformedBody", null,
        () -> suite.call(lc.csms, "CheckSecrets", NODES.objectNode().put("type", "1")), null);
    suite.checkDocumented("UpdateSecretsConfig(checking_secret_strength \"yes\") [through RawOperations]", url, "UpdateSecretsConfig",
        "MalformedBody", null,
        () -> suite.call(lc.token, "UpdateSecretsConfig", NODES.objectNode().put("checking_secret_strength", "yes")), null);
    suite.checkPreferred("ShowSecretsConfig() [through RawOperations]", url, lc.csms, "ShowSecretsConfig", "InvalidParameter",
        (JsonNode) null);
  }

  private String generate(com.huaweicloud.sdk.csms.v1.CsmsClient client, CreatePasswordRequestBody rules) throws Exception {
    String p = ((GenerateRandomPasswordResponse) suite.call(client, "GenerateRandomPassword",
        new GenerateRandomPasswordRequest().withBody(rules))).getPassword();
    if (p == null) throw new IllegalStateException("no password in the answer");
    return p;
  }
}
