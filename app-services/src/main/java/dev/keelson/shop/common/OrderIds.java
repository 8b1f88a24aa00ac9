package dev.keelson.shop.common;

/** How an order's id looks wherever a service takes one in a path or body: a MongoDB ObjectId in hex. */
public final class OrderIds {
  public static final String PATTERN = "^[a-f0-9]{24}$";

  private OrderIds() {}
}
