package dev.pgaudit.operator.api;

public enum Mode { Enforce, DryRun }
