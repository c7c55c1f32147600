package dev.pgaudit.operator.api;

public enum DeletionPolicy { Delete, Orphan }
