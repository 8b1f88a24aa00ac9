package dev.keelson.shop.product;

import java.time.Instant;

/** A product of the catalogue; prices in the smallest unit of the shop's currency (cents). */
public record Product(String id, String name, String description, String category, long priceCents, int stock, Instant createdAt,
    Instant updatedAt) {}
