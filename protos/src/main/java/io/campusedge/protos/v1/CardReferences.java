package io.campusedge.protos.v1;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code CardTap.card_ref}: HMAC-SHA256 of the card's UID bytes (as read from the card) under the
 * school's site key, 32 bytes. Gateways compute it when a card is tapped; the hub computes it when
 * a school registers cards from a list of UIDs. The UID itself is never stored or sent.
 */
public final class CardReferences {
  private static final String HMAC = "HmacSHA256";

  private CardReferences() {}

  public static byte[] of(byte[] siteKey, byte[] uid) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(siteKey, HMAC));
      return mac.doFinal(uid);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}
