package io.campusedge.hub.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Hashes Mosquitto 2 accepts: the same bytes as its own mosquitto_passwd for the same salt. */
class MosquittoPasswordsTest {
  // Made with Mosquitto 2.0.11's `mosquitto_passwd -c -b FILE alice 's3cret!'` (Debian 12).
  private static final String FROM_MOSQUITTO_PASSWD =
      "$7$101$V7eyZzofBI5r6meM$SjY4FUky6YR7zP/CEiB4HAE8C+jUnO6AD3EqX43Ilp2r0I7c59bQ+/ndKWkf9xriAdM5xS9d1ZRXDoKB3f8KRA==";

  @Test
  void theHashOfAKnownSaltIsMosquittosOwn() {
    byte[] salt = Base64.getDecoder().decode("V7eyZzofBI5r6meM");
    assertThat(MosquittoPasswords.hash("s3cret!", salt, 101)).isEqualTo(FROM_MOSQUITTO_PASSWD);
    assertThat(MosquittoPasswords.hash("s3cret?", salt, 101)).isNotEqualTo(FROM_MOSQUITTO_PASSWD);
  }

  @Test
  void everyHashHasItsOwnSalt() {
    String first = MosquittoPasswords.hash("same", 101);
    String second = MosquittoPasswords.hash("same", 101);
    assertThat(first).startsWith("$7$101$").isNotEqualTo(second);
    assertThat(Base64.getDecoder().decode(first.split("\\$")[3])).hasSize(12);
    assertThat(Base64.getDecoder().decode(first.split("\\$")[4])).hasSize(64);
  }
}
