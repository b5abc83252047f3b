"""Installable package of the local signature agent for Wacom STU pads."""
import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _readme():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as handle:
        return handle.read()


def _version():
    with open(os.path.join(HERE, "signature_agent", "__init__.py"), encoding="utf-8") as handle:
        return re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)


setup(
    name="lease-signature-agent",
    version=_version(),
    description="Local agent capturing handwritten biometric signatures on Wacom STU pads",
    long_description=_readme(),
    long_description_content_type="text/markdown",
    packages=find_packages(exclude=["tests", "tests.*"]),
    package_data={"signature_agent": ["data/*.json"]},
    include_package_data=True,
    python_requires=">=3.7",
    install_requires=[
        "pyusb==1.2.1",
        "cryptography==45.0.7",
        "Pillow==9.5.0",
    ],
    extras_require={
        "hidapi": ["hidapi"],
        "test": ["pytest==7.4.4"],
    },
    entry_points={
        "console_scripts": [
            "lease-signature-agent=signature_agent.__main__:main",
            "lease-signature-escrow=signature_agent.escrow:main",
        ],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.7",
        "Operating System :: POSIX :: Linux",
        "Operating System :: Microsoft :: Windows",
    ],
)
