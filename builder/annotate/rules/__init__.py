"""The annotation rules, one small module each, run in this order over AnnotationState.

    sentences → claims → hedges → attribution → verification → chains → inheritance
    → status → overrides
"""
