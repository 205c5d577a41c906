"""Goals: what each participant wants to learn or gain, set in onboarding and tracked with their partner."""
